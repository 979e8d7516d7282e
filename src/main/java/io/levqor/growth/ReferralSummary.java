package io.levqor.growth;

/**
 * A user's referral code and link in one workspace, with how many people it brought.
 *
 * @param invited everyone who signed up with the code, whatever became of them
 * @param rewarded referrals that credited the workspace
 * @param pending signed up, e-mail address not yet verified
 * @param flagged held by a fraud rule for the operator's review
 */
public record ReferralSummary(String code, String link, long invited, long rewarded, long pending, long flagged) {}
