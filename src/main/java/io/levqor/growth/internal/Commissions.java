package io.levqor.growth.internal;

import io.levqor.growth.CommissionEarned;
import io.levqor.growth.jdbc.CommissionLedger;
import io.levqor.growth.jdbc.CommissionLedger.Line;
import io.levqor.growth.jdbc.PartnerRepository;
import io.levqor.growth.jdbc.PartnerRepository.PartnerRow;
import io.levqor.shared.Ids;
import io.levqor.shared.Money;
import io.levqor.shared.WorkspaceId;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Commission of an attributed workspace's payments. One entry point for both billing events, computed from the
 * payment's state (amount, refunded total) rather than from the event's delta, under the partner's row lock: the
 * events may come twice and in any order, and each effect is a ledger line with a unique reference.
 *
 * <p>An invoice's lines always sum to {@code halfEven(rate × (paid − refunded))}: the earned line is the rounded
 * commission of the payment, and each claw-back is the rounded commission of the new net amount minus what the
 * payment's lines hold already.
 */
@Component
public class Commissions {

    private static final Logger log = LoggerFactory.getLogger(Commissions.class);

    private final PartnerRepository partners;
    private final CommissionLedger ledger;
    private final PartnerPolicy policy;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    Commissions(
            PartnerRepository partners,
            CommissionLedger ledger,
            PartnerPolicy policy,
            ApplicationEventPublisher events,
            Clock clock) {
        this.partners = partners;
        this.ledger = ledger;
        this.policy = policy;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Brings a payment's commission lines up to date: earned once, clawed back as far as {@code refundedTotal}.
     * Nothing when the workspace was not brought by a partner or the payment falls outside the partner's months.
     */
    @Transactional
    public void settle(WorkspaceId workspace, UUID payment, Money paid, Instant paidAt, long refundedTotal) {
        var attribution = partners.attribution(workspace);
        if (attribution.isEmpty()) {
            return;
        }
        PartnerRow partner = partners.lock(attribution.get().partner()).orElseThrow();
        Instant now = clock.instant();
        List<Line> lines = ledger.ofPayment(payment);
        Line earned = lines.stream()
                .filter(line -> line.kind().equals("earned"))
                .findFirst()
                .orElse(null);
        if (earned == null) {
            Instant until = attribution
                    .get()
                    .attributedAt()
                    .atZone(ZoneOffset.UTC)
                    .plusMonths(partner.months())
                    .toInstant();
            if (!paidAt.isBefore(until)) {
                log.debug("Payment {} of {} is past its partner's {} months", payment, workspace, partner.months());
                return;
            }
            String currency = paid.currency().getCurrencyCode();
            earned = new Line(
                    partner.id(),
                    Ids.newId(now.toEpochMilli()),
                    "earned",
                    "earned:" + payment,
                    workspace.value(),
                    payment,
                    null,
                    paid.amount(),
                    partner.rateBps(),
                    CommissionMath.commission(paid.amount(), partner.rateBps()),
                    currency,
                    paidAt.plus(policy.current().hold()),
                    now);
            ledger.append(earned);
            lines = List.of(earned);
            events.publishEvent(new CommissionEarned(
                    partner.id(),
                    workspace,
                    payment,
                    paid,
                    Money.of(earned.amount(), currency),
                    earned.payableAt(),
                    now));
        }
        if (refundedTotal <= 0) {
            return;
        }
        long net = Math.max(0, earned.basis() - refundedTotal);
        long recordedNet = lines.stream().mapToLong(Line::basis).min().orElseThrow();
        if (net >= recordedNet) {
            return; // this total, or a larger one that arrived first, is recorded already
        }
        // A line for every new net amount, even when rounding leaves the commission unchanged (amount 0): the lines
        // then also say what the customer paid net of refunds.
        long target = CommissionMath.commission(net, earned.rateBps());
        long held = lines.stream().mapToLong(Line::amount).sum();
        // Inside the hold the claw-back is dated with the commission, so it cancels pending money; after it, now.
        Instant payableAt = earned.payableAt().isAfter(now) ? earned.payableAt() : now;
        ledger.append(new Line(
                partner.id(),
                Ids.newId(now.toEpochMilli()),
                "clawback",
                "clawback:" + payment + ":" + refundedTotal,
                workspace.value(),
                payment,
                null,
                net,
                earned.rateBps(),
                target - held,
                earned.currency(),
                payableAt,
                now));
    }
}
