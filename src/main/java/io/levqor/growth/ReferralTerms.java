package io.levqor.growth;

/**
 * What a referral pays, as configured ({@code levqor.growth.referrals.*}).
 *
 * @param rewardCredits credits for the referrer's workspace when the referred account verifies its address
 * @param newAccountCredits bonus credits for the referred account's workspace at that moment (0: none)
 */
public record ReferralTerms(long rewardCredits, long newAccountCredits) {}
