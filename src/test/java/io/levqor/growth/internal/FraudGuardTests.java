package io.levqor.growth.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.growth.internal.FraudGuard.Facts;
import io.levqor.growth.internal.FraudGuard.Verdict;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class FraudGuardTests {

    private static final ReferralSettings HOLD_ALL = new ReferralSettings(
            20,
            0,
            RuleAction.HOLD,
            List.of("burner.example"),
            RuleAction.HOLD,
            RuleAction.HOLD,
            Duration.ofDays(30),
            RuleAction.HOLD,
            2,
            5);
    private static final Facts CLEAN = new Facts("example.org", false, false, 0, 0);

    private static FraudGuard guard(ReferralSettings settings) {
        return new FraudGuard(settings, DisposableDomains.shippedPlus(settings.disposableDomains()));
    }

    @Test
    void aCleanReferralPassesEveryRule() {
        assertThat(guard(HOLD_ALL).check(CLEAN)).isEmpty();
    }

    @Test
    void eachRuleFiresWithItsConfiguredAction() {
        var guard = guard(HOLD_ALL);
        assertThat(guard.check(new Facts("example.org", true, false, 0, 0)))
                .contains(new Verdict("self-referral", RuleAction.HOLD));
        assertThat(guard.check(new Facts("x.mailinator.com", false, false, 0, 0)))
                .contains(new Verdict("disposable-email", RuleAction.HOLD));
        assertThat(guard.check(new Facts("burner.example", false, false, 0, 0)))
                .contains(new Verdict("disposable-email", RuleAction.HOLD));
        assertThat(guard.check(new Facts("example.org", false, true, 0, 0)))
                .contains(new Verdict("same-address", RuleAction.HOLD));
        assertThat(guard.check(new Facts("example.org", false, false, 2, 2)))
                .contains(new Verdict("daily-cap", RuleAction.HOLD));
        assertThat(guard.check(new Facts("example.org", false, false, 1, 5)))
                .contains(new Verdict("monthly-cap", RuleAction.HOLD));
        assertThat(guard.check(new Facts("example.org", false, false, 1, 4))).isEmpty();
    }

    @Test
    void aRuleTurnedOffNeverFiresAndOneSetToRejectRejects() {
        var off = guard(HOLD_ALL.withRules(RuleAction.OFF, RuleAction.OFF, RuleAction.OFF, RuleAction.OFF));
        assertThat(off.check(new Facts("mailinator.com", true, true, 99, 99))).isEmpty();

        var reject =
                guard(HOLD_ALL.withRules(RuleAction.REJECT, RuleAction.REJECT, RuleAction.REJECT, RuleAction.REJECT));
        assertThat(reject.check(new Facts("yopmail.com", false, false, 0, 0)))
                .contains(new Verdict("disposable-email", RuleAction.REJECT));
        assertThat(reject.check(new Facts("example.org", false, false, 0, 5)))
                .contains(new Verdict("monthly-cap", RuleAction.REJECT));
    }

    @Test
    void aCapOfZeroMeansNoCap() {
        var uncapped = guard(HOLD_ALL.withCaps(0, 0));
        assertThat(uncapped.check(new Facts("example.org", false, false, 1_000, 10_000)))
                .isEmpty();
    }

    @Test
    void rulesAreCheckedInAFixedOrder() {
        assertThat(guard(HOLD_ALL).check(new Facts("mailinator.com", true, true, 9, 9)))
                .map(Verdict::rule)
                .contains("self-referral");
        assertThat(guard(HOLD_ALL.withRules(RuleAction.HOLD, RuleAction.OFF, RuleAction.HOLD, RuleAction.HOLD))
                        .check(new Facts("mailinator.com", true, true, 9, 9)))
                .map(Verdict::rule)
                .contains("disposable-email");
    }
}
