package io.levqor.growth;

import static io.levqor.growth.ReferralFixtures.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.billing.PaymentDisputed;
import io.levqor.billing.PaymentWebhooks;
import io.levqor.growth.PartnerFixtures.Partner;
import io.levqor.growth.internal.PartnerPolicy;
import io.levqor.identity.internal.OperatorBootstrap;
import io.levqor.shared.WorkspaceId;
import io.levqor.support.HttpApi;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.support.MutableClock;
import io.levqor.support.RecordedEvents;
import io.levqor.support.TestAccounts;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Chargebacks through billing's real, signed webhooks: a dispute claws commission back like a refund, once. */
@LevqorIntegrationTest
class PartnerDisputesIntegrationTests {

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
    RecordedEvents events;

    PartnerFixtures fixtures;
    PaymentWebhooks webhooks;

    @BeforeEach
    void fixtures() {
        fixtures = new PartnerFixtures(api, accounts, operators, jdbc);
        webhooks = new PaymentWebhooks(api, clock);
    }

    @AfterEach
    void configured() {
        policy.apply(policy.configured());
        operators.apply("");
    }

    @Test
    void stripeDisputesClawBackOnceInsideAndAfterTheHold() {
        Partner partner = fixtures.approved();
        WorkspaceId customer = fixtures.customerOf(partner);
        long t = clock.instant().getEpochSecond();
        webhooks.stripeCheckout(customer, "sub_dp", t);
        webhooks.stripeInvoicePaid("evt_dp_in1", customer, "sub_dp", "in_dp1", 1900, "usd", t);
        webhooks.stripeInvoicePaid("evt_dp_in2", customer, "sub_dp", "in_dp2", 1900, "usd", t);
        await(() -> fixtures.lines(partner.id(), "earned") == 2);
        assertThat(balance(partner, "USD")).isEqualTo(new CommissionBalance("USD", 3800, 760, 760, 0, 0, 0));

        // a chargeback inside the hold, delivered twice under one event id and once more under another
        webhooks.stripeDisputed("evt_dp1", "dp_1", "in_dp1", 1900, "usd", t + 1);
        webhooks.stripeDisputed("evt_dp1", "dp_1", "in_dp1", 1900, "usd", t + 1);
        webhooks.stripeDisputed("evt_dp1_again", "dp_1", "in_dp1", 1900, "usd", t + 2);
        awaitSettled(customer, 2);
        assertThat(fixtures.lines(partner.id(), "clawback")).isEqualTo(1);
        assertThat(balance(partner, "USD")).isEqualTo(new CommissionBalance("USD", 1900, 380, 380, 0, 0, 0));

        clock.advance(Duration.ofDays(31));
        assertThat(balance(partner, "USD")).isEqualTo(new CommissionBalance("USD", 1900, 380, 0, 380, 0, 0));

        // after the hold: payable money is clawed back
        webhooks.stripeDisputed(
                "evt_dp2", "dp_2", "in_dp2", 1900, "usd", clock.instant().getEpochSecond());
        awaitSettled(customer, 3);
        assertThat(fixtures.lines(partner.id(), "clawback")).isEqualTo(2);
        assertThat(balance(partner, "USD")).isEqualTo(new CommissionBalance("USD", 0, 0, 0, 0, 0, 0));
        assertThat(disputes(customer, "stripe")).isEqualTo(2);
    }

    @Test
    void razorpayDisputesCountOnceLostInsideAndAfterTheHold() {
        Partner partner = fixtures.approved();
        WorkspaceId customer = fixtures.customerOf(partner);
        long t = clock.instant().getEpochSecond();
        webhooks.razorpayCharged(customer, "sub_rzd", "pay_rzd1", 100_000, t);
        await(() -> fixtures.lines(partner.id(), "earned") == 1);
        assertThat(balance(partner, "INR").earned()).isEqualTo(20_000);

        // opened: recorded, but Razorpay deducts nothing until the dispute is lost
        webhooks.razorpayDispute("evt_rzd_c", "created", "disp_1", "pay_rzd1", 40_000, t + 1);
        assertThat(disputes(customer, "razorpay")).isEqualTo(1);
        assertThat(events.ofType(PaymentDisputed.class))
                .noneMatch(e -> e.workspace().equals(customer));

        // lost inside the hold, delivered twice: one claw-back of pending money
        webhooks.razorpayDispute("evt_rzd_l", "lost", "disp_1", "pay_rzd1", 40_000, t + 2);
        webhooks.razorpayDispute("evt_rzd_l2", "lost", "disp_1", "pay_rzd1", 40_000, t + 3);
        awaitSettled(customer, 2);
        assertThat(fixtures.lines(partner.id(), "clawback")).isEqualTo(1);
        assertThat(balance(partner, "INR")).isEqualTo(new CommissionBalance("INR", 60_000, 12_000, 12_000, 0, 0, 0));

        // a second dispute lost after the hold takes the rest from payable money
        clock.advance(Duration.ofDays(31));
        long later = clock.instant().getEpochSecond();
        webhooks.razorpayDispute("evt_rzd2_l", "lost", "disp_2", "pay_rzd1", 60_000, later);
        awaitSettled(customer, 3);
        assertThat(fixtures.lines(partner.id(), "clawback")).isEqualTo(2);
        assertThat(balance(partner, "INR")).isEqualTo(new CommissionBalance("INR", 0, 0, 0, 0, 0, 0));
        assertThat(disputes(customer, "razorpay")).isEqualTo(2);
    }

    @Test
    void aDisputeOfAnUnknownPaymentIsStoredUnresolvedAndAnUnsignedOneIsRefused() {
        long t = clock.instant().getEpochSecond();
        webhooks.stripeDisputed("evt_dp_unknown", "dp_unknown", "in_never_paid", 1900, "usd", t);
        assertThat(outcome("stripe", "evt_dp_unknown")).isEqualTo("unresolved");
        webhooks.razorpayDispute("evt_rzd_unknown", "lost", "disp_unknown", "pay_never", 500, t);
        assertThat(outcome("razorpay", "evt_rzd_unknown")).isEqualTo("unresolved");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM billing_dispute WHERE external_id IN ('dp_unknown', 'disp_unknown')")
                        .query(Long.class)
                        .single())
                .isZero();

        var unsigned = api.post(
                        "/billing/webhooks/stripe",
                        "{\"id\":\"evt_dp_forged\",\"type\":\"charge.dispute.created\",\"created\":" + t
                                + ",\"data\":{\"object\":{\"id\":\"dp_forged\",\"amount\":1}}}")
                .header("Stripe-Signature", "t=" + t + ",v1=00")
                .send();
        assertThat(unsigned.status()).isEqualTo(400);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM billing_webhook_event WHERE event_id = 'evt_dp_forged'")
                        .query(Long.class)
                        .single())
                .isZero();
    }

    private String outcome(String provider, String eventId) {
        return jdbc.sql("SELECT outcome FROM billing_webhook_event WHERE provider = :provider AND event_id = :id")
                .param("provider", provider)
                .param("id", eventId)
                .query(String.class)
                .single();
    }

    // Every PaymentDisputed of the workspace published and handled by growth (no incomplete publication left).
    private void awaitSettled(WorkspaceId customer, int published) {
        await(() -> events.ofType(PaymentDisputed.class).stream()
                        .filter(e -> e.workspace().equals(customer))
                        .count()
                == published);
        await(() -> jdbc.sql("""
                                SELECT COUNT(*) FROM event_publication
                                 WHERE completion_date IS NULL AND event_type LIKE '%PaymentDisputed'
                                   AND serialized_event LIKE :workspace
                                """)
                        .param("workspace", "%" + customer.value() + "%")
                        .query(Long.class)
                        .single()
                == 0);
    }

    private long disputes(WorkspaceId customer, String provider) {
        return jdbc.sql("SELECT COUNT(*) FROM billing_dispute WHERE tenant_id = :id AND provider = :provider")
                .param("id", customer.value())
                .param("provider", provider)
                .query(Long.class)
                .single();
    }

    private CommissionBalance balance(Partner partner, String currency) {
        return partners.balances(partner.id()).stream()
                .filter(b -> b.currency().equals(currency))
                .findFirst()
                .orElseThrow();
    }
}
