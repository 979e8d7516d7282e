package io.levqor.billing;

import io.levqor.billing.internal.RazorpayClient;
import io.levqor.billing.internal.Settlements;
import io.levqor.billing.internal.StripeClient;
import io.levqor.billing.jdbc.PaymentRepository;
import io.levqor.billing.jdbc.PaymentRepository.PaymentRow;
import io.levqor.shared.Money;
import io.levqor.shared.ProblemException;
import io.levqor.shared.ValidationFailed;
import io.levqor.shared.WorkspaceId;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Payments received: the workspace's list, and refunds made by the operator through the provider. */
@Service
public class Payments {

    private final PaymentRepository payments;
    private final Settlements settlements;
    private final StripeClient stripe;
    private final RazorpayClient razorpay;
    private final TransactionTemplate transaction;
    private final Clock clock;

    public Payments(
            PaymentRepository payments,
            Settlements settlements,
            StripeClient stripe,
            RazorpayClient razorpay,
            PlatformTransactionManager transactions,
            Clock clock) {
        this.payments = payments;
        this.settlements = settlements;
        this.stripe = stripe;
        this.razorpay = razorpay;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    public List<PaymentView> list(WorkspaceId workspace, int limit) {
        return payments.list(workspace, Math.max(1, Math.min(limit, 100))).stream()
                .map(Payments::view)
                .toList();
    }

    /**
     * Refunds {@code amount} (minor units; all that is left when null) of a payment at its provider, records the
     * refund and claws back the credits it bought. Operator only: the payment may belong to any workspace.
     */
    public RefundResult refund(UUID paymentId, @Nullable Long amount) {
        PaymentRow payment =
                payments.find(paymentId).orElseThrow(() -> ProblemException.notFound("payment", paymentId));
        long remaining = payment.amount() - payment.amountRefunded();
        if (remaining <= 0) {
            throw ProblemException.conflict("Payment " + paymentId + " is refunded in full already.");
        }
        long refund = amount == null ? remaining : amount;
        if (refund < 1 || refund > remaining) {
            throw ValidationFailed.of("amount", "must be between 1 and " + remaining + " (minor units)");
        }
        long total = payment.amountRefunded() + refund;
        if (payment.provider() == PaymentProvider.STRIPE) {
            stripeTarget(payment); // before any call: a payment whose intent is unknown cannot be refunded from here
        }
        // No transaction is held across the provider call; the total it leads to is applied afterwards, once.
        String refundId;
        long refunded;
        switch (payment.provider()) {
            case STRIPE -> {
                var target = stripeTarget(payment);
                var made = stripe.refund(
                        target.paymentIntent(), target.charge(), refund, "levqor-refund-" + paymentId + "-" + total);
                refundId = made.id();
                refunded = made.amount();
            }
            case RAZORPAY -> {
                var made = razorpay.refund(payment.externalId(), refund);
                refundId = made.id();
                refunded = made.amount();
            }
            default -> throw new IllegalStateException(payment.provider().name());
        }
        long newTotal = payment.amountRefunded() + refunded;
        return transaction.execute(status -> {
            PaymentRow locked = payments.lockById(paymentId).orElseThrow();
            return settlements.refunded(locked, newTotal, refundId, refunded, clock.instant());
        });
    }

    private record StripeTarget(
            @Nullable String paymentIntent, @Nullable String charge) {}

    // A Stripe payment is recorded under its payment intent, or its charge when it had no intent, or - on API
    // versions since 2025-03-31.basil, until invoice_payment.paid names the intent - under its invoice id, which
    // Stripe's refund API does not take.
    private static StripeTarget stripeTarget(PaymentRow payment) {
        if (payment.externalId().startsWith("pi_")) {
            return new StripeTarget(payment.externalId(), null);
        }
        if (payment.chargeId() != null) {
            return new StripeTarget(null, payment.chargeId());
        }
        if (payment.externalId().startsWith("ch_") || payment.externalId().startsWith("py_")) {
            return new StripeTarget(null, payment.externalId());
        }
        throw ProblemException.conflict("Payment " + payment.id() + " (Stripe invoice " + payment.invoiceId()
                + ") has no known payment intent yet: Stripe has not sent invoice_payment.paid for it. Subscribe the"
                + " webhook endpoint to invoice_payment.paid, or refund it in Stripe's dashboard (the charge.refunded"
                + " event then claws the credits back).");
    }

    private static PaymentView view(PaymentRow row) {
        return new PaymentView(
                row.id(),
                row.provider().apiName(),
                row.plan(),
                Money.of(row.amount(), row.currency()),
                Money.of(row.amountRefunded(), row.currency()),
                row.creditsGranted(),
                row.creditsClawedBack(),
                row.creditShortfall(),
                row.paidAt());
    }
}
