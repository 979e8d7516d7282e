package io.levqor.ops.errors;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Error tracking, bound to {@code levqor.ops.errors.*} (docs/operations.md, "Error tracking").
 *
 * @param enabled false: errors still get their errorId and log line, but nothing is stored
 * @param clientReportsPerMinute client error reports each user may send per minute (per node)
 * @param sentryDsn a Sentry DSN: unexpected errors are also sent there (blank: off)
 */
@ConfigurationProperties("levqor.ops.errors")
public record ErrorTrackingSettings(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("30") int clientReportsPerMinute,
        @DefaultValue("") String sentryDsn) {

    public ErrorTrackingSettings {
        if (clientReportsPerMinute < 1) {
            throw new IllegalArgumentException("levqor.ops.errors.client-reports-per-minute must be at least 1");
        }
    }
}
