package io.levqor.billing;

import io.levqor.shared.Money;
import io.levqor.shared.WorkspaceId;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A payment attempt failed; the subscription is past due and keeps its plan until {@code graceUntil}.
 *
 * @param amount what was due, when the provider said
 */
public record PaymentFailed(
        WorkspaceId workspace,
        String provider,
        String plan,
        @Nullable Money amount,
        String reason,
        @Nullable Instant graceUntil,
        Instant at) {}
