package io.levqor.billing;

import io.levqor.shared.Money;
import io.levqor.shared.WorkspaceId;
import java.time.Instant;
import java.util.UUID;

/**
 * A chargeback took money back from a payment (Stripe: dispute opened; Razorpay: dispute lost). Published each time
 * a dispute is reported as counted, redeliveries included: {@code lostTotal} is the payment's state, so a listener
 * working from it is idempotent. It carries the payment itself, like {@link PaymentRefunded}.
 *
 * @param dispute the provider's dispute id
 * @param disputed this dispute's amount
 * @param lostTotal refunded plus counted disputes on this payment, never above {@code paid}
 * @param paidAt when the payment was made
 */
public record PaymentDisputed(
        WorkspaceId workspace,
        UUID paymentId,
        String provider,
        String dispute,
        Money paid,
        Money disputed,
        Money lostTotal,
        Instant paidAt,
        Instant at) {}
