package io.levqor.growth;

import io.levqor.shared.UserId;
import io.levqor.shared.WorkspaceId;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A partner as they and the operator see it.
 *
 * @param link where the partner sends people: counts a click and remembers the partner, then opens the signup
 * @param rateBps commission in basis points (2000 = 20 %)
 * @param months how many months after attribution a customer's invoices earn commission
 */
public record PartnerView(
        UUID id,
        WorkspaceId workspaceId,
        UserId userId,
        String code,
        String link,
        String status,
        int rateBps,
        int months,
        @Nullable String website,
        @Nullable String connectedAccount,
        boolean payoutsPaused,
        Instant createdAt,
        @Nullable Instant decidedAt) {}
