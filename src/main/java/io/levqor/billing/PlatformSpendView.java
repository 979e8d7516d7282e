package io.levqor.billing;

import java.math.BigDecimal;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The platform's daily cost limit and today's (UTC) costs, in the platform currency.
 *
 * @param dailyCostLimit the limit that applies; null when off
 * @param source {@code operator} (set through the admin API, possibly to off) or {@code configuration}
 * @param llmCostToday LLM cost recorded since UTC midnight, all workspaces
 * @param fixedCostToday today's share of the configured fixed costs
 * @param spentToday the two added: what is compared with the limit
 * @param reached true when {@code spentToday} is at or over the limit: LLM steps are refused platform-wide
 * @param resetsAt the next UTC midnight, when {@code spentToday} starts again from the fixed costs
 * @param updatedAt when the operator last set the limit; null when it was never set at runtime
 * @param updatedBy who did
 */
public record PlatformSpendView(
        @Nullable BigDecimal dailyCostLimit,
        String currency,
        String source,
        BigDecimal llmCostToday,
        BigDecimal fixedCostToday,
        BigDecimal spentToday,
        boolean reached,
        Instant resetsAt,
        @Nullable Instant updatedAt,
        @Nullable String updatedBy) {}
