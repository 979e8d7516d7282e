package io.levqor.growth;

import io.levqor.shared.UserId;
import io.levqor.shared.WorkspaceId;
import java.time.Instant;
import java.util.UUID;

/** A fraud rule held a referral for the operator's review instead of rewarding it; {@code rule} names it. */
public record ReferralFlagged(
        UUID referral, WorkspaceId workspace, UserId referrer, UserId referred, String rule, Instant at) {}
