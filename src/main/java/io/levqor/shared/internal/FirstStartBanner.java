package io.levqor.shared.internal;

import io.levqor.shared.PlatformSettings;
import io.levqor.shared.internal.DatabaseConfiguration.Database;
import io.levqor.shared.jdbc.PlatformState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Greets the operator once, on the first start against an empty database, with what to do next. */
@Component
class FirstStartBanner {

    private static final Logger log = LoggerFactory.getLogger(FirstStartBanner.class);

    private final PlatformState state;
    private final PlatformSettings platform;
    private final Database database;

    FirstStartBanner(PlatformState state, PlatformSettings platform, Database database) {
        this.state = state;
        this.platform = platform;
        this.database = database;
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
                ================================================================""",
                platform.url("/"),
                dataLocation,
                platform.url("/signup"),
                platform.url("/api/v1/auth/signup"),
                platform.url("/docs"));
    }
}
