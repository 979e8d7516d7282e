package io.levqor.ops.slo;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The SLO watchdog, bound to {@code levqor.ops.slo.*} (docs/operations.md, "SLO watchdog").
 *
 * @param enabled false: answers are still counted, but no burn-rate alert fires
 * @param window the SLO window the error budget is measured over
 * @param availabilityObjective the share of API and webhook answers that must not be 5xx
 * @param latencyObjective the share of API and webhook answers that must take less than {@code latencyThreshold}
 * @param latencyThreshold an answer taking this long or longer counts against the latency SLO
 * @param minRequests the least answers a condition's long window must hold for it to fire: with fewer, one bad answer
 *     is a large share of them
 */
@ConfigurationProperties("levqor.ops.slo")
public record SloSettings(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("30d") Duration window,
        @DefaultValue("0.999") double availabilityObjective,
        @DefaultValue("0.95") double latencyObjective,
        @DefaultValue("200ms") Duration latencyThreshold,
        @DefaultValue("100") long minRequests) {

    public SloSettings {
        if (window.compareTo(Duration.ofDays(3)) < 0) {
            throw new IllegalArgumentException(
                    "levqor.ops.slo.window must be at least 3d (the ticket alert looks 3 days back)");
        }
        objective("availability-objective", availabilityObjective);
        objective("latency-objective", latencyObjective);
        if (minRequests < 1) {
            throw new IllegalArgumentException("levqor.ops.slo.min-requests must be at least 1");
        }
        if (latencyThreshold.isNegative() || latencyThreshold.isZero()) {
            throw new IllegalArgumentException("levqor.ops.slo.latency-threshold must be positive");
        }
    }

    private static void objective(String name, double value) {
        if (!(value > 0 && value < 1)) {
            throw new IllegalArgumentException(
                    "levqor.ops.slo." + name + " must be a fraction between 0 and 1 (exclusive), e.g. 0.999");
        }
    }
}
