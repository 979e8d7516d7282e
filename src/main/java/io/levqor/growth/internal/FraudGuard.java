package io.levqor.growth.internal;

import java.util.Optional;

/**
 * The referral fraud rules as one decision over facts gathered when the referred account verifies its address.
 * Rules are checked in a fixed order (self-referral, disposable address, same address, daily cap, monthly cap) and
 * the first that fires with an action other than {@code off} decides.
 */
public final class FraudGuard {

    /** What is known about one referral when it would be rewarded. */
    public record Facts(
            String referredDomain,
            boolean referrersOwnAddress,
            boolean signupFromReferrersAddress,
            long rewardsToday,
            long rewardsThisMonth) {}

    /** The rule that fired and what it does. */
    public record Verdict(String rule, RuleAction action) {}

    private final ReferralSettings settings;
    private final DisposableDomains disposable;

    public FraudGuard(ReferralSettings settings, DisposableDomains disposable) {
        this.settings = settings;
        this.disposable = disposable;
    }

    public ReferralSettings settings() {
        return settings;
    }

    public Optional<Verdict> check(Facts facts) {
        if (settings.selfReferral() != RuleAction.OFF && facts.referrersOwnAddress()) {
            return Optional.of(new Verdict("self-referral", settings.selfReferral()));
        }
        if (settings.disposableEmail() != RuleAction.OFF && disposable.contains(facts.referredDomain())) {
            return Optional.of(new Verdict("disposable-email", settings.disposableEmail()));
        }
        if (settings.sameAddress() != RuleAction.OFF && facts.signupFromReferrersAddress()) {
            return Optional.of(new Verdict("same-address", settings.sameAddress()));
        }
        if (settings.rewardCap() != RuleAction.OFF) {
            if (settings.maxRewardsPerDay() > 0 && facts.rewardsToday() >= settings.maxRewardsPerDay()) {
                return Optional.of(new Verdict("daily-cap", settings.rewardCap()));
            }
            if (settings.maxRewardsPerMonth() > 0 && facts.rewardsThisMonth() >= settings.maxRewardsPerMonth()) {
                return Optional.of(new Verdict("monthly-cap", settings.rewardCap()));
            }
        }
        return Optional.empty();
    }
}
