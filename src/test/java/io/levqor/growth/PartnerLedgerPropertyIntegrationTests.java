package io.levqor.growth;

import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.growth.internal.CommissionMath;
import io.levqor.growth.internal.Commissions;
import io.levqor.growth.internal.PartnerCodes;
import io.levqor.growth.internal.Payouts;
import io.levqor.growth.jdbc.CommissionLedger;
import io.levqor.growth.jdbc.CommissionLedger.Line;
import io.levqor.growth.jdbc.PartnerRepository;
import io.levqor.shared.Ids;
import io.levqor.shared.Money;
import io.levqor.shared.UserId;
import io.levqor.shared.WorkspaceId;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.support.MutableClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Random interleavings (seeded) of paid invoices, refunds, redeliveries in any order, moves of the clock and payout
 * runs across partners: every balance is the sum of its lines, each payment's commission is the half-even rate of
 * its net amount, the total is the rate applied to net payments within half a minor unit per payment, payouts are
 * exactly the payout lines, and no payable balance at or above its threshold is left after a run.
 */
@LevqorIntegrationTest
class PartnerLedgerPropertyIntegrationTests {

    static final int CASES = 200;
    static final long SEED = 0x5EED_15L;
    static final List<String> CURRENCIES = List.of("USD", "EUR", "INR");

    @Autowired
    Commissions commissions;

    @Autowired
    Payouts payouts;

    @Autowired
    Partners partners;

    @Autowired
    PartnerRepository repository;

    @Autowired
    CommissionLedger ledger;

    @Autowired
    MutableClock clock;

    @Autowired
    JdbcClient jdbc;

    /** A payment as billing would report it; {@code refunded} is the highest total reported so far. */
    record Payment(WorkspaceId customer, UUID partner, UUID id, Money paid, Instant paidAt, long[] refunded) {}

    /** One delivery of a billing event, kept to be delivered again. */
    record Delivery(Payment payment, long refundedTotal) {}

    @Test
    void balancesAreSumsOfLinesAndCommissionIsTheRateOfNetPayments() {
        Random random = new Random(SEED);
        for (int n = 0; n < CASES; n++) {
            runCase(random, n);
        }
    }

    @Test
    void tenConcurrentDeliveriesOfOnePaymentAndItsRefundWriteOneLineEach() throws Exception {
        Instant now = clock.instant();
        UUID partner = Ids.newId();
        repository.insert(
                WorkspaceId.newId(),
                partner,
                new UserId(UUID.randomUUID()),
                PartnerCodes.newCode(),
                2000,
                12,
                null,
                now);
        repository.decide(partner, "approved", 2000, 12, new UserId(UUID.randomUUID()), now);
        WorkspaceId customer = WorkspaceId.newId();
        repository.attribute(customer, partner, "code", now, now);
        UUID payment = Ids.newId();
        Money paid = Money.of(1900, "USD");

        var start = new java.util.concurrent.CountDownLatch(1);
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(10)) {
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                long refunded = i % 2 == 0 ? 0 : 950; // PaymentSucceeded and PaymentRefunded, in any order
                done.add(pool.submit(() -> {
                    start.await();
                    commissions.settle(customer, payment, paid, now, refunded);
                    return null;
                }));
            }
            start.countDown();
            for (var future : done) {
                future.get();
            }
        }
        assertThat(ledger.lines(partner))
                .extracting(Line::kind, Line::amount)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("earned", 380L),
                        org.assertj.core.groups.Tuple.tuple("clawback", -190L));
    }

    private void runCase(Random random, int n) {
        Instant now = clock.instant();
        Map<UUID, Integer> rates = new HashMap<>();
        List<WorkspaceId> customers = new ArrayList<>();
        Map<WorkspaceId, UUID> partnerOf = new HashMap<>();
        int partnerCount = 1 + random.nextInt(3);
        for (int p = 0; p < partnerCount; p++) {
            UUID id = Ids.newId();
            int rate = random.nextInt(4) == 0 ? 1 + random.nextInt(5000) : 2000;
            WorkspaceId own = WorkspaceId.newId();
            repository.insert(own, id, new UserId(UUID.randomUUID()), PartnerCodes.newCode(), rate, 12, null, now);
            repository.decide(id, "approved", rate, 12, new UserId(UUID.randomUUID()), now);
            rates.put(id, rate);
            for (int c = 0; c < 1 + random.nextInt(3); c++) {
                WorkspaceId customer = WorkspaceId.newId();
                repository.attribute(customer, id, "code", now, now);
                customers.add(customer);
                partnerOf.put(customer, id);
            }
        }
        List<Payment> payments = new ArrayList<>();
        List<Delivery> deliveries = new ArrayList<>();
        int steps = 5 + random.nextInt(20);
        for (int s = 0; s < steps; s++) {
            int op = random.nextInt(10);
            if (op < 4 || payments.isEmpty()) {
                WorkspaceId customer = customers.get(random.nextInt(customers.size()));
                String currency = CURRENCIES.get(random.nextInt(CURRENCIES.size()));
                long amount = 1 + random.nextInt(random.nextBoolean() ? 100 : 100_000);
                var payment = new Payment(
                        customer,
                        partnerOf.get(customer),
                        Ids.newId(),
                        Money.of(amount, currency),
                        clock.instant(),
                        new long[] {0});
                payments.add(payment);
                deliver(new Delivery(payment, 0), deliveries);
            } else if (op < 7) {
                Payment payment = payments.get(random.nextInt(payments.size()));
                long left = payment.paid().amount() - payment.refunded()[0];
                if (left > 0) {
                    payment.refunded()[0] += random.nextBoolean() ? left : 1 + random.nextLong(left);
                    deliver(new Delivery(payment, payment.refunded()[0]), deliveries);
                }
            } else if (op < 8) {
                // at least once, in any order: an older delivery again (a smaller refund total after a larger one)
                deliver(deliveries.get(random.nextInt(deliveries.size())), deliveries);
            } else if (op < 9) {
                clock.advance(Duration.ofDays(random.nextInt(20)));
            } else {
                payouts.run();
                for (UUID partner : rates.keySet()) {
                    for (CommissionBalance balance : partners.balances(partner)) {
                        if (balance.currency().equals("USD")
                                || balance.currency().equals("EUR")) {
                            assertThat(balance.payable())
                                    .as("case %d: payable after a run", n)
                                    .isLessThan(5000);
                        }
                    }
                }
            }
        }
        long linesBefore = lineCount();
        new ArrayList<>(deliveries).forEach(delivery -> deliver(delivery, new ArrayList<>()));
        assertThat(lineCount())
                .as("case %d: redelivering everything adds nothing", n)
                .isEqualTo(linesBefore);

        Instant at = clock.instant();
        for (UUID partner : rates.keySet()) {
            List<Line> lines = ledger.lines(partner);
            for (CommissionBalance balance : partners.balances(partner)) {
                String currency = balance.currency();
                long sum = lines.stream()
                        .filter(l -> l.currency().equals(currency))
                        .mapToLong(Line::amount)
                        .sum();
                assertThat(balance.pending() + balance.payable())
                        .as("case %d: balance is the sum of lines", n)
                        .isEqualTo(sum);
                long payoutLines = lines.stream()
                        .filter(l -> l.currency().equals(currency) && l.kind().startsWith("payout"))
                        .mapToLong(Line::amount)
                        .sum();
                assertThat(-payoutLines)
                        .as("case %d: payouts are the payout lines", n)
                        .isEqualTo(balance.inPayout() + balance.paid());
                long pendingByDate = lines.stream()
                        .filter(l ->
                                l.currency().equals(currency) && l.payableAt().isAfter(at))
                        .mapToLong(Line::amount)
                        .sum();
                assertThat(balance.pending()).isEqualTo(pendingByDate);

                List<Payment> mine = payments.stream()
                        .filter(p -> p.partner().equals(partner)
                                && p.paid().currency().getCurrencyCode().equals(currency))
                        .toList();
                int rate = rates.get(partner);
                long expected = mine.stream()
                        .mapToLong(p -> CommissionMath.commission(p.paid().amount() - p.refunded()[0], rate))
                        .sum();
                assertThat(balance.earned())
                        .as("case %d: commission per payment, half-even", n)
                        .isEqualTo(expected);
                long net = mine.stream()
                        .mapToLong(p -> p.paid().amount() - p.refunded()[0])
                        .sum();
                assertThat(balance.revenue())
                        .as("case %d: revenue is net payments", n)
                        .isEqualTo(net);
                BigDecimal exact = BigDecimal.valueOf(net)
                        .multiply(BigDecimal.valueOf(rate))
                        .movePointLeft(4);
                assertThat(BigDecimal.valueOf(balance.earned()).subtract(exact).abs())
                        .as("case %d: total within the rounding rule", n)
                        .isLessThanOrEqualTo(BigDecimal.valueOf(mine.size()).multiply(new BigDecimal("0.5")));
            }
        }
        // finished partners leave the payout runs of the next cases
        jdbc.sql("UPDATE partner SET status = 'rejected' WHERE id IN (:ids)")
                .param("ids", List.copyOf(rates.keySet()))
                .update();
    }

    private void deliver(Delivery delivery, List<Delivery> log) {
        Payment payment = delivery.payment();
        commissions.settle(
                payment.customer(), payment.id(), payment.paid(), payment.paidAt(), delivery.refundedTotal());
        log.add(delivery);
    }

    private long lineCount() {
        return jdbc.sql("SELECT count(*) FROM commission_line")
                .query(Long.class)
                .single();
    }
}
