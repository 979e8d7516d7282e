package io.levqor.growth.internal;

import io.levqor.growth.PayoutFailed;
import io.levqor.growth.PayoutSent;
import io.levqor.growth.jdbc.CommissionLedger;
import io.levqor.growth.jdbc.CommissionLedger.Line;
import io.levqor.growth.jdbc.CommissionLedger.PayoutRow;
import io.levqor.growth.jdbc.PartnerRepository;
import io.levqor.growth.jdbc.PartnerRepository.PartnerRow;
import io.levqor.shared.Ids;
import io.levqor.shared.Money;
import io.levqor.shared.ProblemException;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Payouts. Creating one debits the payable balance in the same transaction (a {@code payout} line), under the
 * partner's lock. Sending one is a Stripe transfer outside any transaction: the attempt is claimed (counted, next
 * attempt moved away) and committed first, then the call is made with the payout's idempotency key, then the result
 * is recorded. A crash between the call and the record leaves the payout pending; the next attempt repeats the call
 * with the same key, and Stripe answers with the first transfer: never sent twice. After {@code maxAttempts} failed
 * attempts the payout is failed, its amount credited back ({@code payout-reversed}) and the partner's payouts paused.
 */
@Component
public class Payouts {

    private static final Logger log = LoggerFactory.getLogger(Payouts.class);

    /** Fault injection for tests: runs after a transfer call, before its record. */
    public interface AfterTransfer {
        void after(UUID payout, String transferId);
    }

    private final PartnerRepository partners;
    private final CommissionLedger ledger;
    private final PartnerPolicy policy;
    private final StripeTransfers transfers;
    private final TransactionTemplate transaction;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private volatile AfterTransfer afterTransfer = (payout, transfer) -> {};

    Payouts(
            PartnerRepository partners,
            CommissionLedger ledger,
            PartnerPolicy policy,
            StripeTransfers transfers,
            TransactionTemplate transaction,
            ApplicationEventPublisher events,
            Clock clock) {
        this.partners = partners;
        this.ledger = ledger;
        this.policy = policy;
        this.transfers = transfers;
        this.transaction = transaction;
        this.events = events;
        this.clock = clock;
    }

    /** Tests inject a crash between a transfer and its record; {@code null} restores the normal path. */
    public void afterTransfer(AfterTransfer hook) {
        this.afterTransfer = hook == null ? (payout, transfer) -> {} : hook;
    }

    @Scheduled(
            fixedDelayString = "${levqor.growth.partners.sweep-interval:PT1H}",
            initialDelayString = "${levqor.growth.partners.sweep-interval:PT1H}")
    void sweep() {
        try {
            run();
        } catch (RuntimeException e) {
            log.warn("Partner payout sweep failed; the next sweep tries again", e);
        }
    }

    /** Creates the payouts that are due, then sends the transfers that are due. */
    public void run() {
        for (UUID partner : partners.approvedIds()) {
            transaction.executeWithoutResult(status -> create(partner));
        }
        Instant now = clock.instant();
        for (UUID payout : ledger.duePayouts(now, 100)) {
            send(payout);
        }
    }

    // One payout per currency whose payable balance reached its threshold.
    private void create(UUID partnerId) {
        PartnerRow partner = partners.lock(partnerId).orElseThrow();
        if (!partner.status().equals("approved") || partner.payoutsPaused()) {
            return;
        }
        PartnerSettings settings = policy.current();
        Instant now = clock.instant();
        for (String currency : ledger.currencies(partnerId)) {
            Long threshold = settings.threshold(currency);
            long payable = ledger.payable(partnerId, currency, now);
            if (threshold == null || payable < threshold) {
                continue;
            }
            boolean stripe = partner.connectedAccount() != null
                    && !settings.stripeSecretKey().isBlank();
            UUID id = Ids.newId(now.toEpochMilli());
            ledger.insertPayout(
                    partnerId,
                    id,
                    payable,
                    currency,
                    stripe ? "stripe" : "manual",
                    stripe ? partner.connectedAccount() : null,
                    now);
            ledger.append(new Line(
                    partnerId,
                    Ids.newId(now.toEpochMilli()),
                    "payout",
                    "payout:" + id,
                    null,
                    null,
                    id,
                    payable,
                    0,
                    -payable,
                    currency,
                    now,
                    now));
            log.info("Payout {} of {} {} created for partner {}", id, payable, currency, partnerId);
        }
    }

    /** One attempt of a payout's transfer, when it is due. */
    public void send(UUID payoutId) {
        PartnerSettings settings = policy.current();
        Instant now = clock.instant();
        var attempt = transaction.execute(status -> ledger.claim(payoutId, now, now.plus(settings.retryDelay())));
        if (attempt == null || attempt.isEmpty()) {
            return;
        }
        PayoutRow payout = ledger.payout(payoutId).orElseThrow();
        String transferId;
        try {
            transferId = transfers.transfer(
                    settings.stripeApiBase(),
                    settings.stripeSecretKey(),
                    payoutId,
                    payout.amount(),
                    payout.currency(),
                    payout.destination());
        } catch (StripeTransfers.TransferFailed e) {
            failed(payout, attempt.get(), settings.maxAttempts(), e.getMessage());
            return;
        }
        afterTransfer.after(payoutId, transferId);
        transaction.executeWithoutResult(status -> {
            if (ledger.finish(payoutId, "paid", transferId, null, clock.instant())) {
                events.publishEvent(new PayoutSent(
                        payout.partner(),
                        payoutId,
                        Money.of(payout.amount(), payout.currency()),
                        transferId,
                        clock.instant()));
            }
        });
    }

    private void failed(PayoutRow payout, int attempts, int maxAttempts, String reason) {
        log.warn("Payout {} attempt {} of {} failed: {}", payout.id(), attempts, maxAttempts, reason);
        transaction.executeWithoutResult(status -> {
            if (attempts < maxAttempts) {
                ledger.attemptFailed(payout.id(), reason);
                return;
            }
            partners.lock(payout.partner()).orElseThrow();
            Instant now = clock.instant();
            if (!ledger.finish(payout.id(), "failed", null, reason, now)) {
                return;
            }
            ledger.append(new Line(
                    payout.partner(),
                    Ids.newId(now.toEpochMilli()),
                    "payout-reversed",
                    "payout-reversed:" + payout.id(),
                    null,
                    null,
                    payout.id(),
                    payout.amount(),
                    0,
                    payout.amount(),
                    payout.currency(),
                    now,
                    now));
            partners.pausePayouts(payout.partner());
            events.publishEvent(new PayoutFailed(
                    payout.partner(),
                    payout.id(),
                    Money.of(payout.amount(), payout.currency()),
                    attempts,
                    reason,
                    now));
        });
    }

    /** The operator paid a manual payout by hand. */
    public void markPaid(UUID payoutId) {
        transaction.executeWithoutResult(status -> {
            PayoutRow payout = ledger.payout(payoutId).orElseThrow(() -> ProblemException.notFound("Payout", payoutId));
            if (!payout.method().equals("manual")) {
                throw ProblemException.conflict("Payout " + payoutId + " is sent through Stripe, not paid by hand");
            }
            Instant now = clock.instant();
            if (!ledger.finish(payoutId, "paid", null, null, now)) {
                throw ProblemException.conflict("Payout " + payoutId + " is " + payout.status() + " already");
            }
            events.publishEvent(new PayoutSent(
                    payout.partner(), payoutId, Money.of(payout.amount(), payout.currency()), null, now));
        });
    }
}
