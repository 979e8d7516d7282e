package io.levqor.mail;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.stereotype.Component;

/**
 * Whether the development mailbox ({@code GET /api/v1/dev/mailbox}, {@code /console/mailbox}) is served: only when
 * asked for ({@code levqor.mail.dev-mailbox=true}, which the {@code dev} profile and {@code ./mvnw spring-boot:run}
 * set) and no SMTP server is configured. It shows password-reset links to anyone, so a packaged jar never serves it
 * by default.
 */
@Component
public class DevMailbox {

    private final boolean enabled;

    DevMailbox(
            @Value("${levqor.mail.dev-mailbox:false}") boolean requested,
            @Value("${levqor.mail.smtp.host:}") String smtpHost) {
        this.enabled = enabled(requested, smtpHost);
    }

    public boolean enabled() {
        return enabled;
    }

    /** Asked for and no SMTP host: the one rule, shared by the bean and the condition. */
    public static boolean enabled(boolean requested, String smtpHost) {
        return requested && smtpHost.isBlank();
    }

    static boolean enabled(Environment environment) {
        return enabled(
                environment.getProperty("levqor.mail.dev-mailbox", Boolean.class, false),
                environment.getProperty("levqor.mail.smtp.host", ""));
    }

    /** Registers a bean only while the mailbox is served. */
    public static final class On implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return enabled(context.getEnvironment());
        }
    }

    /** Registers a bean only while the mailbox is not served. */
    public static final class Off implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return !enabled(context.getEnvironment());
        }
    }
}
