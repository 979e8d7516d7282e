package io.levqor.growth;

import io.levqor.shared.Money;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A payout reached its partner: a Stripe transfer ({@code transferId}) or the operator's manual payment (null). */
public record PayoutSent(
        UUID partner, UUID payout, Money amount, @Nullable String transferId, Instant at) {}
