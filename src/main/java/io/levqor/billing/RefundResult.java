package io.levqor.billing;

import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * What a refund changed.
 *
 * @param amount refunded now, in minor units (0 when the provider's total was known already)
 * @param refundedTotal refunded so far on this payment
 * @param creditsClawedBack taken from the balance now
 * @param creditShortfall credits that could not be taken because they were spent
 */
public record RefundResult(
        UUID paymentId,
        @Nullable String refundId,
        long amount,
        long refundedTotal,
        long creditsClawedBack,
        long creditShortfall) {}
