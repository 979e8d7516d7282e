package io.levqor.growth;

import io.levqor.shared.UserId;
import io.levqor.shared.WorkspaceId;
import java.time.Instant;
import java.util.UUID;

/** A referral paid out: the referrer's workspace got {@code credits} (and the new account its bonus, if any). */
public record ReferralRewarded(
        UUID referral,
        WorkspaceId workspace,
        UserId referrer,
        UserId referred,
        WorkspaceId referredWorkspace,
        long credits,
        long newAccountCredits,
        Instant at) {}
