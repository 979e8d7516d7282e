package io.levqor.shared.internal;

import io.levqor.shared.PlatformSettings;
import io.levqor.shared.internal.DatabaseConfiguration.Database;
import io.levqor.shared.jdbc.PlatformState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** Greets the operator once, on the first start against an empty database, with what to do next. */
@Component
class FirstStartBanner {

    private static final Logger log = LoggerFactory.getLogger(FirstStartBanner.class);

    private final PlatformState state;
    private final PlatformSettings platform;
    private final Database database;

    private final Environment environment;

    FirstStartBanner(PlatformState state, PlatformSettings platform, Database database, Environment environment) {
        this.state = state;
        this.platform = platform;
        this.database = database;
        this.environment = environment;
    }

    @EventListener(ApplicationReadyEvent.class)
    void greetOnFirstStart() {
        if (!state.claimFirstStart()) {
            return;
        }
        String dataLocation = database.embedded() != null
                ? "embedded PostgreSQL in "
                        + platform.dataDir().toAbsolutePath().normalize()
                : "external PostgreSQL at "
                        + ConnectionInfo.redact(database.connection().jdbcUrl());
        log.info(
                """

                ================================================================
                  Levqor is running at {}
                  Data: {}
                  Create the first account: open {} and sign up, or
                    curl -X POST {} -H 'Content-Type: application/json' \\
                         -d '{"email":"you@example.com","password":"a long passphrase"}'
                  API reference: {}
                  Mail: {}
                ================================================================""",
                platform.url("/"),
                dataLocation,
                platform.url("/signup"),
                platform.url("/api/v1/auth/signup"),
                platform.url("/docs"),
                mailMode());
    }

    // The mail module owns these settings; the banner only reads them, to say where the first mails go.
    private String mailMode() {
        String smtpHost = environment.getProperty("levqor.mail.smtp.host", "");
        if (!smtpHost.isBlank()) {
            return "sent through SMTP at " + smtpHost;
        }
        String configure = "set LEVQOR_SMTP_HOST, LEVQOR_SMTP_PORT, LEVQOR_SMTP_USERNAME, LEVQOR_SMTP_PASSWORD and "
                + "LEVQOR_SMTP_FROM to send it";
        if (environment.getProperty("levqor.mail.dev-mailbox", Boolean.class, false)) {
            return "DEVELOPMENT MAILBOX, readable by anyone at " + platform.url("/console/mailbox")
                    + " (never expose this instance);\n        " + configure;
        }
        return "no SMTP server: mail is held, not sent;\n        " + configure;
    }
}
