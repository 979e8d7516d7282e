package io.levqor.billing;

import io.levqor.shared.Money;
import io.levqor.shared.WorkspaceId;
import java.time.Instant;
import java.util.UUID;

/**
 * A payment's refunded total rose (a refund from the provider or the operator); published once per new total, so a
 * listener keyed on {@code (paymentId, refundedTotal)} is idempotent. It carries the payment itself too, so a
 * listener can settle it even before it has seen {@link PaymentSucceeded}.
 *
 * @param paid the payment's amount (its currency is the refund's)
 * @param refunded refunded now
 * @param refundedTotal refunded so far on this payment, never above {@code paid}
 * @param paidAt when the payment was made
 */
public record PaymentRefunded(
        WorkspaceId workspace,
        UUID paymentId,
        String provider,
        Money paid,
        Money refunded,
        Money refundedTotal,
        Instant paidAt,
        Instant at) {}
