package io.levqor.billing;

import org.jspecify.annotations.Nullable;

/** The limits that apply to a workspace now; all null but {@code runsToday} when billing is off. */
public record LimitsView(
        boolean billingEnabled,
        @Nullable String plan,
        @Nullable Integer dailyRunCap,
        int runsToday,
        @Nullable Long creditsBalance,
        @Nullable RateLimit rateLimit) {}
