package io.levqor.growth;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One referral as the operator reviews it: who referred whom (ids, and the referred address's domain only), its
 * status ({@code pending}, {@code rewarded}, {@code flagged}, {@code rejected}) and the rule that held it.
 */
public record ReferralView(
        UUID id,
        UUID workspaceId,
        UUID referrerUserId,
        UUID referredUserId,
        String referredDomain,
        String status,
        @Nullable String rule,
        Instant createdAt,
        @Nullable Instant verifiedAt,
        @Nullable Instant decidedAt,
        @Nullable Instant rewardedAt) {}
