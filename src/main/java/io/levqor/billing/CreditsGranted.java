package io.levqor.billing;

import io.levqor.shared.WorkspaceId;
import java.time.Instant;

/** Credits were added to a workspace's balance (signup, a paid period, a referral reward, an adjustment). */
public record CreditsGranted(
        WorkspaceId workspace, long credits, String kind, String reference, long balanceAfter, Instant at) {}
