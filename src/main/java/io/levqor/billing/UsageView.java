package io.levqor.billing;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What a workspace has used of its plan; plan and credits are null when billing is off.
 *
 * @param dailyRunCap null when the plan has no cap (or billing is off)
 * @param spendGuard the daily credit limit and today's spending; null when billing is off
 * @param planLimitsWaived the platform operator's own workspace: no cap, credit or spend limit holds its runs, and
 *     they are not counted or charged
 */
public record UsageView(
        boolean billingEnabled,
        @Nullable String plan,
        @Nullable CreditUsage credits,
        int runsToday,
        @Nullable Integer dailyRunCap,
        @Nullable Instant periodStart,
        @Nullable Instant periodEnd,
        @Nullable SpendGuardView spendGuard,
        boolean planLimitsWaived) {

    /** Balance, everything granted, and everything runs used. */
    public record CreditUsage(long balance, long granted, long used) {}
}
