package io.levqor.growth.internal;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Referral settings, bound to {@code levqor.growth.referrals.*}.
 *
 * @param rewardCredits credits for the referrer's workspace when the referred account verifies its address
 * @param newAccountCredits bonus credits for the referred account's workspace at the same moment (0: none)
 * @param disposableEmail the rule on addresses at a disposable-mail domain
 * @param disposableDomains domains added to the shipped list ({@code growth/disposable-domains.txt})
 * @param selfReferral the rule on a referred address that is the referrer's own once dots, +tags and case are folded
 * @param sameAddress the rule on a signup from an IP address the referrer was seen at within {@code
 *     sameAddressWindow}
 * @param rewardCap the rule on a referrer past {@code maxRewardsPerDay} or {@code maxRewardsPerMonth} (UTC
 *     calendar day and month; 0 means no cap)
 */
@ConfigurationProperties("levqor.growth.referrals")
public record ReferralSettings(
        @DefaultValue("20") long rewardCredits,
        @DefaultValue("0") long newAccountCredits,
        @DefaultValue("hold") RuleAction disposableEmail,
        List<String> disposableDomains,
        @DefaultValue("hold") RuleAction selfReferral,
        @DefaultValue("hold") RuleAction sameAddress,
        @DefaultValue("30d") Duration sameAddressWindow,
        @DefaultValue("hold") RuleAction rewardCap,
        @DefaultValue("10") int maxRewardsPerDay,
        @DefaultValue("100") int maxRewardsPerMonth) {

    public ReferralSettings {
        disposableDomains = disposableDomains == null ? List.of() : List.copyOf(disposableDomains);
        if (rewardCredits < 0 || newAccountCredits < 0) {
            throw new IllegalArgumentException("levqor.growth.referrals credits must not be negative");
        }
        if (maxRewardsPerDay < 0 || maxRewardsPerMonth < 0) {
            throw new IllegalArgumentException("levqor.growth.referrals caps must not be negative (0: no cap)");
        }
    }

    /** These settings with every rule's action replaced. */
    public ReferralSettings withRules(RuleAction disposable, RuleAction self, RuleAction address, RuleAction cap) {
        return new ReferralSettings(
                rewardCredits,
                newAccountCredits,
                disposable,
                disposableDomains,
                self,
                address,
                sameAddressWindow,
                cap,
                maxRewardsPerDay,
                maxRewardsPerMonth);
    }

    /** These settings with other caps. */
    public ReferralSettings withCaps(int perDay, int perMonth) {
        return new ReferralSettings(
                rewardCredits,
                newAccountCredits,
                disposableEmail,
                disposableDomains,
                selfReferral,
                sameAddress,
                sameAddressWindow,
                rewardCap,
                perDay,
                perMonth);
    }

    /** These settings with other rewards. */
    public ReferralSettings withCredits(long reward, long newAccount) {
        return new ReferralSettings(
                reward,
                newAccount,
                disposableEmail,
                disposableDomains,
                selfReferral,
                sameAddress,
                sameAddressWindow,
                rewardCap,
                maxRewardsPerDay,
                maxRewardsPerMonth);
    }
}
