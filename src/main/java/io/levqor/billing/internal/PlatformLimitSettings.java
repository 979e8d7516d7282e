package io.levqor.billing.internal;

import java.math.BigDecimal;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The platform's daily cost limit, bound to {@code levqor.billing.platform.*}.
 *
 * @param dailyCostLimit LLM cost plus fixed costs allowed per UTC day, in the platform currency, before LLM steps
 *     are refused platform-wide; null (the default): off. The operator's value set through the admin API wins
 * @param refresh how long a node keeps the day's total and the limit before reading them again: the check sits on
 *     every LLM step attempt, so it must not cost a query each time
 */
@ConfigurationProperties("levqor.billing.platform")
public record PlatformLimitSettings(
        @Nullable BigDecimal dailyCostLimit,
        @DefaultValue("5s") Duration refresh) {

    public PlatformLimitSettings {
        if (dailyCostLimit != null) {
            if (dailyCostLimit.signum() <= 0) {
                throw new IllegalArgumentException(
                        "levqor.billing.platform.daily-cost-limit must be positive (leave it empty for no limit)");
            }
            CostSettings.micros(dailyCostLimit, "levqor.billing.platform.daily-cost-limit");
        }
        if (refresh.isNegative()) {
            throw new IllegalArgumentException("levqor.billing.platform.refresh must not be negative");
        }
    }

    /** The configured limit in micros; null when off. */
    public @Nullable Long dailyCostLimitMicros() {
        return dailyCostLimit == null
                ? null
                : CostSettings.micros(dailyCostLimit, "levqor.billing.platform.daily-cost-limit");
    }
}
