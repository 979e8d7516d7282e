package io.levqor.billing.internal;

import io.levqor.billing.CreditKind;
import io.levqor.billing.PaymentFailed;
import io.levqor.billing.PaymentProvider;
import io.levqor.billing.PaymentSucceeded;
import io.levqor.billing.Plan;
import io.levqor.billing.Plans;
import io.levqor.billing.RefundResult;
import io.levqor.billing.jdbc.PaymentRepository;
import io.levqor.billing.jdbc.PaymentRepository.PaymentRow;
import io.levqor.billing.jdbc.RefundRepository;
import io.levqor.billing.jdbc.SubscriptionRepository.SubscriptionRow;
import io.levqor.shared.Ids;
import io.levqor.shared.Money;
import java.time.Instant;
import java.util.Locale;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Money that moved: paid invoices grant their period's credits once, failures start dunning, refunds claw back. */
@Component
public class Settlements {

    /**
     * A paid invoice of a subscription.
     *
     * @param paymentId the provider's id of the money received (payment intent, charge or Razorpay payment)
     */
    public record PaidInvoice(
            PaymentProvider provider,
            SubscriptionRow subscription,
            String invoiceId,
            String paymentId,
            @Nullable String chargeId,
            long amount,
            String currency,
            Instant paidAt) {}

    private final PaymentRepository payments;
    private final RefundRepository refunds;
    private final LedgerPostings postings;
    private final Plans plans;
    private final ApplicationEventPublisher events;

    public Settlements(
            PaymentRepository payments,
            RefundRepository refunds,
            LedgerPostings postings,
            Plans plans,
            ApplicationEventPublisher events) {
        this.payments = payments;
        this.refunds = refunds;
        this.postings = postings;
        this.plans = plans;
        this.events = events;
    }

    public static String invoiceReference(PaymentProvider provider, String invoiceId) {
        return "invoice:" + provider.apiName() + ":" + invoiceId;
    }

    /** Grants the plan's monthly credits once per invoice and records the payment once. */
    @Transactional
    public void invoicePaid(PaidInvoice paid, Instant now) {
        SubscriptionRow subscription = paid.subscription();
        Plan plan = plans.orFree(subscription.plan());
        long credits = plan.monthlyCredits();
        OptionalLong granted = credits > 0
                ? postings.grant(
                        subscription.tenant(),
                        CreditKind.GRANT,
                        credits,
                        invoiceReference(paid.provider(), paid.invoiceId()),
                        now)
                : OptionalLong.empty();
        if (paid.amount() <= 0) {
            return; // a trial's zero invoice: credits, but no payment to record or refund
        }
        String currency = paid.currency().toUpperCase(Locale.ROOT);
        var row = new PaymentRow(
                subscription.tenant(),
                Ids.newId(),
                paid.provider(),
                paid.paymentId(),
                paid.chargeId(),
                paid.invoiceId(),
                subscription.id(),
                plan.id(),
                paid.amount(),
                currency,
                granted.isPresent() ? credits : 0,
                0,
                0,
                0,
                paid.paidAt());
        if (payments.insert(row)) {
            events.publishEvent(new PaymentSucceeded(
                    row.tenant(),
                    row.id(),
                    paid.provider().apiName(),
                    plan.id(),
                    Money.of(paid.amount(), currency),
                    row.creditsGranted(),
                    paid.paidAt()));
        }
    }

    /** Announces a failed payment; the subscription has been moved to past due by the caller. */
    public void paymentFailed(SubscriptionRow subscription, @Nullable Money amount, String reason, Instant at) {
        events.publishEvent(new PaymentFailed(
                subscription.tenant(),
                subscription.provider().apiName(),
                subscription.plan(),
                amount,
                reason,
                subscription.graceUntil(),
                at));
    }

    /**
     * Raises a payment's refunded total to {@code refundedTotal} (providers report the running total) and claws
     * back the matching share of the credits it granted, never taking the balance below zero. A total at or below
     * what is recorded changes nothing, so the operator's refund and the provider's later event count once.
     *
     * @param payment locked by the caller
     * @param refundId the provider's refund id, recorded when given
     */
    @Transactional
    public RefundResult refunded(
            PaymentRow payment, long refundedTotal, @Nullable String refundId, long refundAmount, Instant now) {
        if (refundId != null && refundAmount > 0) {
            refunds.record(
                    payment.tenant(),
                    payment.id(),
                    payment.provider(),
                    refundId,
                    refundAmount,
                    payment.currency(),
                    now);
        }
        long total = Math.min(refundedTotal, payment.amount());
        if (total <= payment.amountRefunded()) {
            return new RefundResult(payment.id(), refundId, 0, payment.amountRefunded(), 0, 0);
        }
        long owed = clawable(payment, total) - clawable(payment, payment.amountRefunded());
        var taken = postings.takeBack(
                        payment.tenant(), CreditKind.REFUND, owed, "refund:" + payment.id() + ":" + total, now)
                .orElse(new LedgerPostings.Taken(0, 0, 0));
        if (!payments.refunded(payment.tenant(), payment.id(), total, taken.taken(), taken.shortfall())) {
            throw new IllegalStateException("payment " + payment.id() + " changed under its row lock");
        }
        return new RefundResult(
                payment.id(), refundId, total - payment.amountRefunded(), total, taken.taken(), taken.shortfall());
    }

    public boolean refundRecorded(PaymentRow payment, String refundId) {
        return refunds.exists(payment.tenant(), payment.provider(), refundId);
    }

    // The credits a refunded amount takes back: the same share of the grant as of the money, rounded down.
    private static long clawable(PaymentRow payment, long refunded) {
        if (payment.amount() == 0) {
            return 0;
        }
        return Math.multiplyExact(payment.creditsGranted(), refunded) / payment.amount();
    }
}
