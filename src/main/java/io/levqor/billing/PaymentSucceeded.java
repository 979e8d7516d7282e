package io.levqor.billing;

import io.levqor.shared.Money;
import io.levqor.shared.WorkspaceId;
import java.time.Instant;
import java.util.UUID;

/** A payment arrived and was recorded; {@code credits} is what it granted. */
public record PaymentSucceeded(
        WorkspaceId workspace, UUID paymentId, String provider, String plan, Money amount, long credits, Instant at) {}
