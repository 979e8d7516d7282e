package io.levqor.billing;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A workspace's daily spend guard on credits: the limit that applies, where it comes from and today's spending.
 * Days are UTC days (workspaces have no time zone yet).
 *
 * @param dailyCredits the limit that applies: the lower of {@code cap} and {@code ownerLimit}; null when off
 * @param cap the operator's cap for this workspace, else the configured default; null when neither is set
 * @param capSource {@code operator}, {@code default} or null when there is no cap
 * @param ownerLimit the limit the workspace's owner set within the cap; null when none
 * @param spentToday credits the workspace's runs were charged today
 * @param reached true when a run costing {@code runCost} would go over the limit: new runs are refused
 * @param resetsAt the next UTC midnight, when {@code spentToday} starts again from zero
 */
public record SpendGuardView(
        @Nullable Long dailyCredits,
        @Nullable Long cap,
        @Nullable String capSource,
        @Nullable Long ownerLimit,
        long spentToday,
        long runCost,
        boolean reached,
        Instant resetsAt) {}
