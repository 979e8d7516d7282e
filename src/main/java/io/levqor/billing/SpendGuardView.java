package io.levqor.billing;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A workspace's daily spend guard on credits and on LLM cost: the limits that apply, where they come from and
 * today's spending. The day starts at midnight in the workspace's time zone.
 *
 * @param dailyCredits the limit that applies: the lower of {@code cap} and {@code ownerLimit}; null when off
 * @param cap the operator's cap for this workspace, else the configured default; null when neither is set
 * @param capSource {@code operator}, {@code default} or null when there is no cap
 * @param ownerLimit the limit the workspace's owner set within the cap; null when none
 * @param spentToday credits the workspace's runs (and their LLM tokens) were charged today
 * @param reached true when a run costing {@code runCost} would go over the credit limit: new runs are refused
 * @param resetsAt the next midnight in {@code timeZone}, when today's spending starts again from zero
 * @param timeZone the workspace's IANA time zone (UTC unless the owner set one)
 * @param llmCost the limit on the day's LLM cost
 */
public record SpendGuardView(
        @Nullable Long dailyCredits,
        @Nullable Long cap,
        @Nullable String capSource,
        @Nullable Long ownerLimit,
        long spentToday,
        long runCost,
        boolean reached,
        Instant resetsAt,
        String timeZone,
        LlmCost llmCost) {

    /**
     * The daily limit on LLM cost, in millionths of {@code currency} (the LLM price table's).
     *
     * @param dailyMicros the limit that applies: the lower of {@code capMicros} and {@code ownerLimitMicros}; null
     *     when off
     * @param reached today's LLM cost reached the limit: new runs are refused until {@code resetsAt}
     */
    public record LlmCost(
            @Nullable Long dailyMicros,
            @Nullable Long capMicros,
            @Nullable String capSource,
            @Nullable Long ownerLimitMicros,
            long spentTodayMicros,
            String currency,
            boolean reached) {}
}
