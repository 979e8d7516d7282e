package io.levqor.growth;

import io.levqor.shared.Money;
import java.time.Instant;
import java.util.UUID;

/**
 * A payout's transfer failed every attempt: its amount is back in the partner's payable balance and the partner's
 * payouts are paused until the operator sets their connected account again.
 */
public record PayoutFailed(UUID partner, UUID payout, Money amount, int attempts, String reason, Instant at) {}
