package io.levqor.analytics.internal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Analytics settings, bound to {@code levqor.analytics.*} (documented in docs/configuration.md).
 *
 * @param events the limits of {@code POST /api/v1/events} and of the event table's partitions
 */
@ConfigurationProperties("levqor.analytics")
public record AnalyticsSettings(@DefaultValue Events events) {

    /**
     * What a client may send and how far ahead months are partitioned.
     *
     * @param maxBatch events in one request
     * @param maxProperties members of one event's {@code properties}
     * @param maxPropertyLength characters of one text property value
     * @param maxAge how far back a client's {@code timestamp} may be (older events would skew closed months)
     * @param maxAhead how far ahead of the server's clock a client's {@code timestamp} may be (clock skew)
     * @param partitionsAhead months after the current one whose partitions exist at any time
     * @param rateLimit the per-workspace limit on events sent
     */
    public record Events(
            @DefaultValue("1000") int maxBatch,
            @DefaultValue("50") int maxProperties,
            @DefaultValue("1000") int maxPropertyLength,
            @DefaultValue("30d") Duration maxAge,
            @DefaultValue("1h") Duration maxAhead,
            @DefaultValue("3") int partitionsAhead,
            @DefaultValue RateLimit rateLimit) {}

    /**
     * A token bucket per workspace, counted in events (a batch of 500 takes 500), refilled at {@code perWorkspace} per
     * {@code period} up to {@code burst}.
     *
     * @param enabled false turns the limit off (the ingestion benchmark does)
     */
    public record RateLimit(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("1000") long perWorkspace,
            @DefaultValue("10000") long burst,
            @DefaultValue("1s") Duration period) {}
}
