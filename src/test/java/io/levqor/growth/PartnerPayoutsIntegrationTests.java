package io.levqor.growth;

import static io.levqor.growth.ReferralFixtures.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.levqor.billing.PaymentWebhooks;
import io.levqor.growth.PartnerFixtures.Partner;
import io.levqor.growth.internal.PartnerPolicy;
import io.levqor.growth.internal.Payouts;
import io.levqor.growth.internal.StripeTransfers;
import io.levqor.identity.internal.OperatorBootstrap;
import io.levqor.shared.WorkspaceId;
import io.levqor.support.HttpApi;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.support.MutableClock;
import io.levqor.support.RecordedEvents;
import io.levqor.support.TestAccounts;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Payouts against a local server that answers like Stripe's Transfers API. */
@LevqorIntegrationTest
class PartnerPayoutsIntegrationTests {

    @Autowired
    HttpApi api;

    @Autowired
    TestAccounts accounts;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MutableClock clock;

    @Autowired
    OperatorBootstrap operators;

    @Autowired
    Partners partners;

    @Autowired
    PartnerPolicy policy;

    @Autowired
    Payouts payouts;

    @Autowired
    RecordedEvents events;

    PartnerFixtures fixtures;
    PaymentWebhooks webhooks;
    StripeTransfersPeer stripe;

    @BeforeEach
    void peer() throws Exception {
        fixtures = new PartnerFixtures(api, accounts, operators, jdbc);
        webhooks = new PaymentWebhooks(api, clock);
        stripe = new StripeTransfersPeer();
        policy.apply(policy.configured().withStripe(stripe.base(), "sk_test_partners"));
    }

    @AfterEach
    void configured() {
        payouts.afterTransfer(null);
        policy.apply(policy.configured());
        operators.apply("");
        stripe.close();
    }

    @Test
    void aCrashBetweenTheTransferAndItsRecordStillSendsExactlyOneTransfer() {
        Partner partner = connected("acct_1Partner");
        earn(partner, "usd", 30_000, "crash");
        clock.advance(Duration.ofDays(31));

        payouts.afterTransfer((payout, transfer) -> {
            throw new IllegalStateException("crash after the call, before the record");
        });
        assertThatThrownBy(payouts::run).hasMessageContaining("crash");
        var pending = partners.payouts(partner.id());
        assertThat(pending).singleElement().satisfies(p -> {
            assertThat(p.status()).isEqualTo("pending");
            assertThat(p.attempts()).isEqualTo(1);
        });
        assertThat(stripe.transfers()).hasSize(1);

        payouts.afterTransfer(null);
        payouts.run(); // not due yet: the attempt that crashed moved the next one away
        assertThat(stripe.requests()).isEqualTo(1);
        clock.advance(Duration.ofMinutes(11));
        payouts.run();
        payouts.run();

        assertThat(stripe.requests()).isEqualTo(2);
        assertThat(stripe.transfers()).singleElement().satisfies(t -> {
            assertThat(t.amount()).isEqualTo(6000);
            assertThat(t.currency()).isEqualTo("usd");
            assertThat(t.destination()).isEqualTo("acct_1Partner");
            assertThat(t.idempotencyKey())
                    .isEqualTo(StripeTransfers.idempotencyKey(pending.getFirst().id()));
        });
        assertThat(partners.payouts(partner.id())).singleElement().satisfies(p -> {
            assertThat(p.status()).isEqualTo("paid");
            assertThat(p.transferId()).isEqualTo(stripe.transfers().getFirst().id());
            assertThat(p.attempts()).isEqualTo(2);
        });
        await(() -> events.ofType(PayoutSent.class).stream()
                .anyMatch(e -> e.partner().equals(partner.id())));
        assertThat(events.ofType(PayoutSent.class))
                .filteredOn(e -> e.partner().equals(partner.id()))
                .hasSize(1);
        assertThat(balance(partner, "USD")).isEqualTo(new CommissionBalance("USD", 30_000, 6000, 0, 0, 0, 6000));
    }

    @Test
    void aRefusedTransferIsRetriedThenFailedReportedAndCreditedBackUntilTheOperatorFixesTheAccount() {
        Partner partner = connected("acct_broken1");
        earn(partner, "usd", 30_000, "broken");
        clock.advance(Duration.ofDays(31));

        for (int attempt = 1; attempt <= 5; attempt++) {
            payouts.run();
            clock.advance(Duration.ofMinutes(11));
        }
        assertThat(stripe.requests()).isEqualTo(5);
        assertThat(stripe.transfers()).isEmpty();
        var failed = partners.payouts(partner.id()).getFirst();
        assertThat(failed.status()).isEqualTo("failed");
        assertThat(failed.attempts()).isEqualTo(5);
        assertThat(failed.lastError()).contains("No such destination").doesNotContain("http");
        assertThat(events.ofType(PayoutFailed.class))
                .filteredOn(e -> e.partner().equals(partner.id()))
                .singleElement()
                .satisfies(e -> assertThat(e.amount().amount()).isEqualTo(6000));
        assertThat(balance(partner, "USD").payable()).isEqualTo(6000);

        payouts.run(); // paused: no new payout until the operator sets the account again
        assertThat(partners.payouts(partner.id())).hasSize(1);
        var fixed = api.put(
                        "/api/v1/admin/partners/" + partner.id() + "/connected-account",
                        Map.of("connectedAccount", "acct_1Fixed"))
                .bearer(fixtures.operatorToken())
                .send();
        assertThat(fixed.status()).isEqualTo(200);
        assertThat(fixed.json().get("payoutsPaused").asBoolean()).isFalse();
        var bad = api.put(
                        "/api/v1/admin/partners/" + partner.id() + "/connected-account",
                        Map.of("connectedAccount", "https://evil.example"))
                .bearer(fixtures.operatorToken())
                .send();
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("connectedAccount");
        payouts.run();
        assertThat(stripe.transfers())
                .singleElement()
                .satisfies(t -> assertThat(t.destination()).isEqualTo("acct_1Fixed"));
        assertThat(balance(partner, "USD")).isEqualTo(new CommissionBalance("USD", 30_000, 6000, 0, 0, 0, 6000));
    }

    @Test
    void thresholdsArePerCurrency() {
        policy.apply(policy.current().with(Duration.ofDays(30), Map.of("USD", 5000L, "EUR", 10_000L)));
        Partner partner = connected("acct_1Thresholds");
        earn(partner, "usd", 25_000, "usd"); // 5000: at the threshold
        earn(partner, "eur", 45_000, "eur"); // 9000: under
        earn(partner, "gbp", 90_000, "gbp"); // 18000: no threshold, never automatic
        clock.advance(Duration.ofDays(29));
        payouts.run();
        assertThat(stripe.transfers()).isEmpty(); // still in the hold

        clock.advance(Duration.ofDays(2));
        payouts.run();
        assertThat(stripe.transfers()).singleElement().satisfies(t -> {
            assertThat(t.currency()).isEqualTo("usd");
            assertThat(t.amount()).isEqualTo(5000);
        });
        assertThat(balance(partner, "EUR").payable()).isEqualTo(9000);
        assertThat(balance(partner, "GBP").payable()).isEqualTo(18_000);
    }

    private Partner connected(String account) {
        Partner partner = fixtures.approved();
        var answer = api.put(
                        "/api/v1/admin/partners/" + partner.id() + "/connected-account",
                        Map.of("connectedAccount", account))
                .bearer(fixtures.operatorToken())
                .send();
        assertThat(answer.status()).as(answer::body).isEqualTo(200);
        return partner;
    }

    private void earn(Partner partner, String currency, long amount, String name) {
        WorkspaceId customer = fixtures.customerOf(partner);
        long t = clock.instant().getEpochSecond();
        long before = fixtures.lines(partner.id(), "earned");
        webhooks.stripeCheckout(customer, "sub_" + name, t);
        webhooks.stripeInvoicePaid("evt_" + name, customer, "sub_" + name, "in_" + name, amount, currency, t);
        await(() -> fixtures.lines(partner.id(), "earned") == before + 1);
    }

    private CommissionBalance balance(Partner partner, String currency) {
        return partners.balances(partner.id()).stream()
                .filter(b -> b.currency().equals(currency))
                .findFirst()
                .orElseThrow();
    }
}
