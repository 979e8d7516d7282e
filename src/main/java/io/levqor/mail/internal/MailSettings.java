package io.levqor.mail.internal;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Outgoing mail, bound to {@code levqor.mail.*}; without {@code smtp.host} mail stays in the development mailbox.
 *
 * @param from the sender address
 * @param maxAttempts how often a message is tried before it is marked failed
 * @param pollInterval how often the sender looks for due messages when nothing woke it
 * @param devMailbox serve the development mailbox while no SMTP server is configured ({@code LEVQOR_DEV_MAILBOX})
 */
@ConfigurationProperties("levqor.mail")
public record MailSettings(
        Smtp smtp,
        @DefaultValue("Levqor <no-reply@localhost>") String from,
        @DefaultValue("8") int maxAttempts,
        @DefaultValue("2s") Duration pollInterval,
        @DefaultValue("false") boolean devMailbox) {

    /** The SMTP server; {@code host} empty means none. */
    public record Smtp(
            @Nullable String host,
            @DefaultValue("587") int port,
            @Nullable String username,
            @Nullable String password,
            @DefaultValue("true") boolean starttls,
            @DefaultValue("10s") Duration timeout) {}

    public boolean smtpEnabled() {
        return smtp != null && smtp.host() != null && !smtp.host().isBlank();
    }
}
