package io.levqor.billing;

import io.levqor.billing.internal.LlmPricing;
import io.levqor.billing.internal.SpendLimits;
import io.levqor.billing.jdbc.AccountRepository.AccountRow;
import io.levqor.billing.jdbc.LlmUsageRepository;
import io.levqor.shared.WorkspaceId;
import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * The gate on LLM spending: a workspace whose day's LLM cost reached its daily limit starts no new runs until the
 * next midnight in its time zone (or until the limit is raised). Runs already in flight finish: the gate is asked
 * when a run is admitted, not before each llm step. A platform-wide check belongs beside this one.
 */
@Component
public class LlmSpendGate {

    private final SpendLimits limits;
    private final LlmUsageRepository usage;
    private final LlmPricing pricing;

    LlmSpendGate(SpendLimits limits, LlmUsageRepository usage, LlmPricing pricing) {
        this.limits = limits;
        this.usage = usage;
        this.pricing = pricing;
    }

    /** Throws {@link SpendLimitReached} ({@code daily-llm-cost}) when the workspace's limit is reached today. */
    public void check(WorkspaceId workspace, AccountRow account, long creditsSpentToday, long runCost, Instant now) {
        Long limit = limits.effectiveLlmCost(account);
        if (limit == null) {
            return; // no limit: no query on admission's hot path
        }
        long spent = spentToday(workspace, account, now);
        if (spent >= limit) {
            throw SpendLimitReached.llmCost(
                    workspace, limits.view(account, creditsSpentToday, runCost, spent, pricing.currency(), now));
        }
    }

    /** The workspace's LLM cost since its day began (millionths of the price table's currency). */
    public long spentToday(WorkspaceId workspace, @org.jspecify.annotations.Nullable AccountRow account, Instant now) {
        return usage.costBetween(workspace, SpendLimits.dayStart(account, now), SpendLimits.resetsAt(account, now));
    }
}
