package io.levqor.billing.internal;

import io.levqor.billing.CreditKind;
import io.levqor.billing.PaymentDisputed;
import io.levqor.billing.PaymentFailed;
import io.levqor.billing.PaymentProvider;
import io.levqor.billing.PaymentRefunded;
import io.levqor.billing.PaymentSucceeded;
import io.levqor.billing.Plan;
import io.levqor.billing.Plans;
import io.levqor.billing.RefundResult;
import io.levqor.billing.jdbc.DisputeRepository;
import io.levqor.billing.jdbc.PaymentRepository;
import io.levqor.billing.jdbc.PaymentRepository.PaymentRow;
import io.levqor.billing.jdbc.PendingRefunds;
import io.levqor.billing.jdbc.PendingRefunds.PendingRefund;
import io.levqor.billing.jdbc.RefundRepository;
import io.levqor.billing.jdbc.SubscriptionRepository.SubscriptionRow;
import io.levqor.billing.jdbc.WebhookEventLog;
import io.levqor.identity.AuditTrail;
import io.levqor.shared.Ids;
import io.levqor.shared.Money;
import io.levqor.shared.WorkspaceId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Money that moved: paid invoices grant their period's credits once, failures start dunning, refunds claw back
 * (and a refund reported before its payment waits for it).
 */
@Component
public class Settlements {

    /**
     * A paid invoice of a subscription.
     *
     * @param paymentId the provider's id of the money received (payment intent, charge or Razorpay payment)
     * @param fee the provider's fee in minor units when its event says it; null: the configured rate applies
     */
    public record PaidInvoice(
            PaymentProvider provider,
            SubscriptionRow subscription,
            String invoiceId,
            String paymentId,
            @Nullable String chargeId,
            long amount,
            String currency,
            Instant paidAt,
            @Nullable Long fee) {}

    private final PaymentRepository payments;
    private final RefundRepository refunds;
    private final PendingRefunds pending;
    private final WebhookEventLog eventLog;
    private final LedgerPostings postings;
    private final Plans plans;
    private final ApplicationEventPublisher events;

    private final AuditTrail audit;
    private final DisputeRepository disputes;
    private final PaymentFees fees;

    public Settlements(
            PaymentRepository payments,
            DisputeRepository disputes,
            RefundRepository refunds,
            PendingRefunds pending,
            WebhookEventLog eventLog,
            LedgerPostings postings,
            Plans plans,
            AuditTrail audit,
            ApplicationEventPublisher events,
            PaymentFees fees) {
        this.fees = fees;
        this.audit = audit;
        this.disputes = disputes;
        this.payments = payments;
        this.refunds = refunds;
        this.pending = pending;
        this.eventLog = eventLog;
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
            fees.record(row, paid.fee());
            events.publishEvent(new PaymentSucceeded(
                    row.tenant(),
                    row.id(),
                    paid.provider().apiName(),
                    plan.id(),
                    Money.of(paid.amount(), currency),
                    row.creditsGranted(),
                    paid.paidAt()));
            applyPendingRefunds(row, now);
        }
    }

    /**
     * A refund the provider reported: applied to its payment now, or kept (empty answer) until the payment is
     * recorded, which applies it then. The caller holds the provider's event lock ({@link PendingRefunds#serialize}).
     *
     * @param chargeId Stripe's charge id, which also finds a payment recorded by its charge
     */
    @Transactional
    public Optional<WorkspaceId> refundReported(PendingRefund refund, @Nullable String chargeId, Instant now) {
        var payment = payments.lockByExternalId(refund.provider(), refund.paymentKey(), chargeId);
        if (payment.isEmpty()) {
            pending.keep(refund, now);
            return Optional.empty();
        }
        applyReported(payment.get(), refund, now);
        return Optional.of(payment.get().tenant());
    }

    /**
     * Applies the refunds kept for a payment that has just been recorded or named (oldest first), and marks their
     * events applied. The caller holds the provider's event lock, so no refund can be kept after this looked.
     */
    @Transactional
    public void applyPendingRefunds(PaymentRow payment, Instant now) {
        List<String> keys = new ArrayList<>(2);
        keys.add(payment.externalId());
        if (payment.chargeId() != null && !payment.chargeId().equals(payment.externalId())) {
            keys.add(payment.chargeId());
        }
        for (PendingRefund refund : pending.take(payment.provider(), keys)) {
            // the row as it stands now: each refund raises the recorded total the next one is measured against
            PaymentRow current = payments.lockById(payment.id()).orElseThrow();
            applyReported(current, refund, now);
            eventLog.resolved(refund.provider(), refund.eventId(), payment.tenant(), "applied");
        }
    }

    // Stripe reports the payment's running total; Razorpay one refund, with the payment's total when it includes
    // the payment. Without a total, a refund adds to what is recorded unless this very refund is recorded already
    // (the operator's refund call, or the same refund under another event id).
    private void applyReported(PaymentRow payment, PendingRefund refund, Instant now) {
        long total;
        if (refund.refundedTotal() != null) {
            total = refund.refundedTotal();
        } else if (refund.refundId() != null && refundRecorded(payment, refund.refundId())) {
            total = payment.amountRefunded();
        } else {
            total = payment.amountRefunded() + refund.refundAmount();
        }
        refunded(payment, total, refund.refundId(), refund.refundAmount(), now);
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
        // In the refund's transaction, once per new refunded total: the operator through the API, else a provider
        // event (system).
        audit.record(
                payment.tenant(),
                AuditTrail.currentActor(),
                "billing.refund-recorded",
                "payment:" + payment.id() + " provider=" + payment.provider().apiName() + " amount="
                        + (total - payment.amountRefunded()) + " " + payment.currency() + " refundedTotal=" + total
                        + " creditsClawedBack=" + taken.taken() + " creditShortfall=" + taken.shortfall()
                        + (refundId == null ? "" : " refund=" + refundId));
        events.publishEvent(new PaymentRefunded(
                payment.tenant(),
                payment.id(),
                payment.provider().apiName(),
                Money.of(payment.amount(), payment.currency()),
                Money.of(total - payment.amountRefunded(), payment.currency()),
                Money.of(total, payment.currency()),
                payment.paidAt(),
                now));
        return new RefundResult(
                payment.id(), refundId, total - payment.amountRefunded(), total, taken.taken(), taken.shortfall());
    }

    /**
     * A chargeback the provider reported: recorded on its payment (empty answer when the payment is unknown). Once
     * {@code counted} (the provider took the money back) it announces {@link PaymentDisputed} with the payment's lost
     * total. Credits are not clawed back: the operator answers the dispute and may adjust them (docs/billing.md).
     *
     * @param paymentKey the provider's payment id (Stripe: payment intent, else charge)
     * @param chargeId Stripe's charge id, which also finds a payment recorded by its charge
     */
    @Transactional
    public Optional<WorkspaceId> disputeReported(
            PaymentProvider provider,
            String paymentKey,
            @Nullable String chargeId,
            String disputeId,
            long amount,
            String status,
            boolean counted,
            Instant now) {
        var found = payments.lockByExternalId(provider, paymentKey, chargeId);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        PaymentRow payment = found.get();
        // never more than the payment: a bad amount must not claw back more commission than the payment earned
        long disputed = Math.min(Math.max(1, amount), payment.amount());
        disputes.record(
                payment.tenant(),
                payment.id(),
                provider,
                disputeId,
                disputed,
                payment.currency(),
                status,
                counted,
                now);
        audit.record(
                payment.tenant(),
                AuditTrail.currentActor(),
                "billing.dispute-recorded",
                "payment:" + payment.id() + " provider=" + provider.apiName() + " dispute=" + disputeId + " amount="
                        + disputed + " " + payment.currency() + " status=" + status + " counted=" + counted);
        long countedTotal = disputes.countedTotal(payment.tenant(), payment.id());
        if (countedTotal > 0) {
            long lost = Math.min(payment.amount(), payment.amountRefunded() + countedTotal);
            events.publishEvent(new PaymentDisputed(
                    payment.tenant(),
                    payment.id(),
                    provider.apiName(),
                    disputeId,
                    Money.of(payment.amount(), payment.currency()),
                    Money.of(disputed, payment.currency()),
                    Money.of(lost, payment.currency()),
                    payment.paidAt(),
                    now));
        }
        return Optional.of(payment.tenant());
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
