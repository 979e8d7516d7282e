package io.levqor.ops.series;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The per-minute series store, bound to {@code levqor.ops.series.*} (docs/operations.md, "SLO watchdog").
 *
 * @param flushInterval how often each node adds its in-memory counts to the store
 * @param retention how long minutes are kept: at least the SLO window and the anomaly baseline's weeks
 */
@ConfigurationProperties("levqor.ops.series")
public record SeriesSettings(
        @DefaultValue("10s") Duration flushInterval,
        @DefaultValue("56d") Duration retention) {

    public SeriesSettings {
        if (flushInterval.isNegative() || flushInterval.isZero()) {
            throw new IllegalArgumentException("levqor.ops.series.flush-interval must be positive");
        }
        if (retention.compareTo(Duration.ofDays(1)) < 0) {
            throw new IllegalArgumentException("levqor.ops.series.retention must be at least 1d");
        }
    }
}
