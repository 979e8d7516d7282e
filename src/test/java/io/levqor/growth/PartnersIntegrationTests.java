package io.levqor.growth;

import static io.levqor.growth.ReferralFixtures.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.billing.PaymentWebhooks;
import io.levqor.growth.PartnerFixtures.Partner;
import io.levqor.growth.internal.PartnerPolicy;
import io.levqor.identity.internal.OperatorBootstrap;
import io.levqor.shared.Role;
import io.levqor.shared.WorkspaceId;
import io.levqor.support.HttpApi;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.support.MutableClock;
import io.levqor.support.RecordedEvents;
import io.levqor.support.TestAccounts;
import io.levqor.support.TestAccounts.Account;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@LevqorIntegrationTest
class PartnersIntegrationTests {

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
    void aUserAppliesTheOperatorDecidesOnceAndThePartnerGetsACodeAndLink() {
        Account user = accounts.signUp();
        var applied = api.post("/api/v1/partners", Map.of("website", "https://blog.example"))
                .bearer(user.accessToken())
                .send();
        assertThat(applied.status()).isEqualTo(201);
        String id = applied.json().get("id").asString();
        String code = applied.json().get("code").asString();
        assertThat(code).matches("[A-Z2-9]{10}");
        assertThat(applied.json().get("status").asString()).isEqualTo("pending");
        assertThat(applied.json().get("rateBps").asInt()).isEqualTo(2000);
        assertThat(applied.json().get("months").asInt()).isEqualTo(12);
        assertThat(applied.json().get("link").asString()).endsWith("/p/" + code);

        assertThat(api.post("/api/v1/partners", Map.of())
                        .bearer(user.accessToken())
                        .send()
                        .status())
                .isEqualTo(409);
        var badSite = api.post("/api/v1/partners", Map.of("website", "javascript:alert(1)"))
                .bearer(accounts.signUp().accessToken())
                .send();
        assertThat(badSite.status()).isEqualTo(400);
        assertThat(badSite.body()).contains("website");
        assertThat(api.post("/api/v1/partners", Map.of())
                        .bearer(accounts.apiKey(user, Role.ADMIN))
                        .send()
                        .status())
                .isEqualTo(403);
        assertThat(api.get("/api/v1/partners/me")
                        .bearer(accounts.signUp().accessToken())
                        .send()
                        .status())
                .isEqualTo(404);

        // a pending partner's link and code attribute nothing
        assertThat(fixtures.attributedTo(customer(fixtures.signUp(null, code)))).isNull();
        assertThat(api.post("/api/v1/admin/partners/" + id + "/approve", Map.of())
                        .bearer(user.accessToken())
                        .send()
                        .status())
                .isEqualTo(403);

        String operator = fixtures.operatorToken();
        var pending = api.get("/api/v1/admin/partners?status=pending")
                .bearer(operator)
                .send();
        assertThat(pending.json().get(0).get("partner").get("id").asString()).isEqualTo(id);
        assertThat(api.get("/api/v1/admin/partners?status=sleeping")
                        .bearer(operator)
                        .send()
                        .body())
                .contains("status");
        var badRate = api.post("/api/v1/admin/partners/" + id + "/approve", Map.of("rateBps", 10_001))
                .bearer(operator)
                .send();
        assertThat(badRate.status()).isEqualTo(400);
        assertThat(badRate.body()).contains("rateBps");
        var approved = api.post("/api/v1/admin/partners/" + id + "/approve", Map.of("rateBps", 2500, "months", 6))
                .bearer(operator)
                .send();
        assertThat(approved.status()).isEqualTo(200);
        assertThat(approved.json().get("status").asString()).isEqualTo("approved");
        assertThat(approved.json().get("rateBps").asInt()).isEqualTo(2500);
        assertThat(api.post("/api/v1/admin/partners/" + id + "/reject", Map.of())
                        .bearer(operator)
                        .send()
                        .status())
                .isEqualTo(409);
        assertThat(api.post("/api/v1/admin/partners/" + UUID.randomUUID() + "/reject", Map.of())
                        .bearer(operator)
                        .send()
                        .status())
                .isEqualTo(404);
        var me = api.get("/api/v1/partners/me").bearer(user.accessToken()).send();
        assertThat(me.json().get("status").asString()).isEqualTo("approved");
        assertThat(me.json().get("months").asInt()).isEqualTo(6);
    }

    @Test
    void theFirstTouchWithinTheWindowWinsAndTheCustomerIsMasked() {
        Partner first = fixtures.approved();
        Partner second = fixtures.approved();

        var click = api.get("/p/" + first.code().toLowerCase()).send();
        assertThat(click.status()).isEqualTo(302);
        assertThat(click.header("Location")).isEqualTo("/signup?ref=" + first.code());
        String setCookie = click.header("Set-Cookie");
        assertThat(setCookie).startsWith("levqor_partner=" + first.code() + ".").contains("HttpOnly");
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        // a later click on another partner's link keeps the first touch
        var later = api.get("/p/" + second.code()).header("Cookie", cookie).send();
        assertThat(later.header("Set-Cookie")).isNull();
        assertThat(later.header("Location")).isEqualTo("/signup?ref=" + second.code());
        var unknown = api.get("/p/NOPARTNER2").send();
        assertThat(unknown.header("Location")).isEqualTo("/signup");
        assertThat(unknown.header("Set-Cookie")).isNull();

        WorkspaceId byLink = customer(fixtures.signUp(cookie, second.code()));
        WorkspaceId byCode = customer(fixtures.signUp(null, " " + second.code().toLowerCase() + " "));
        assertThat(fixtures.attributedTo(byLink)).isEqualTo(first.id());
        assertThat(fixtures.attributedTo(byCode)).isEqualTo(second.id());

        clock.advance(Duration.ofDays(91));
        WorkspaceId stale = customer(fixtures.signUp(cookie, second.code()));
        assertThat(fixtures.attributedTo(stale)).isEqualTo(second.id());
        WorkspaceId staleAlone = customer(fixtures.signUp(cookie, null));
        assertThat(fixtures.attributedTo(staleAlone)).isNull();

        var customers = api.get("/api/v1/partners/me/customers")
                .bearer(fixtures.login(first.account()))
                .send();
        assertThat(customers.json().size()).isEqualTo(1);
        var seen = customers.json().get(0);
        assertThat(seen.get("customer").asString()).matches("cus_[0-9a-f]{12}");
        assertThat(customers.body()).doesNotContain(byLink.toString());
        assertThat(seen.get("source").asString()).isEqualTo("link");
        var dashboard = api.get("/api/v1/partners/me/dashboard")
                .bearer(fixtures.login(first.account()))
                .send()
                .json();
        assertThat(dashboard.get("clicks").asLong()).isEqualTo(1);
        assertThat(dashboard.get("signups").asLong()).isEqualTo(1);
        assertThat(api.get("/api/v1/partners/me/dashboard")
                        .bearer(fixtures.login(second.account()))
                        .send()
                        .json()
                        .get("signups")
                        .asLong())
                .isEqualTo(2);
    }

    @Test
    void stripeInvoicesEarnOncePerInvoiceHeldThenPayableAndRefundsClawBackInsideAndAfterTheHold() {
        Partner partner = fixtures.approved();
        WorkspaceId customer = fixtures.customerOf(partner);
        long t = clock.instant().getEpochSecond();
        webhooks.stripeCheckout(customer, "sub_pa", t);
        webhooks.stripeInvoicePaid("evt_pa1", customer, "sub_pa", "in_pa1", 1900, "usd", t);
        webhooks.stripeInvoicePaid("evt_pa1_again", customer, "sub_pa", "in_pa1", 1900, "usd", t);
        await(() -> fixtures.lines(partner.id(), "earned") == 1);
        assertThat(balance(partner, "USD")).isEqualTo(new CommissionBalance("USD", 1900, 380, 380, 0, 0, 0));
        await(() -> !events.ofType(CommissionEarned.class).isEmpty());
        assertThat(events.ofType(CommissionEarned.class))
                .filteredOn(e -> e.partner().equals(partner.id()))
                .singleElement()
                .satisfies(e -> assertThat(e.commission().amount()).isEqualTo(380));

        // half refunded inside the hold: the pending commission shrinks, nothing becomes payable
        webhooks.stripeRefunded("evt_pa_r1", "in_pa1", 1900, 950, t + 1);
        webhooks.stripeRefunded("evt_pa_r1_again", "in_pa1", 1900, 950, t + 2);
        await(() -> fixtures.lines(partner.id(), "clawback") == 1);
        assertThat(balance(partner, "USD")).isEqualTo(new CommissionBalance("USD", 950, 190, 190, 0, 0, 0));

        clock.advance(Duration.ofDays(31));
        assertThat(balance(partner, "USD")).isEqualTo(new CommissionBalance("USD", 950, 190, 0, 190, 0, 0));

        // the rest refunded after the hold: a claw-back of payable money
        webhooks.stripeRefunded(
                "evt_pa_r2", "in_pa1", 1900, 1900, clock.instant().getEpochSecond());
        await(() -> fixtures.lines(partner.id(), "clawback") == 2);
        assertThat(balance(partner, "USD")).isEqualTo(new CommissionBalance("USD", 0, 0, 0, 0, 0, 0));
        assertThat(fixtures.sum(partner.id(), "USD")).isZero();

        // the statement of the month holds the three lines; a bad month is a 400 naming it
        String month = YearMonth.from(clock.instant().minus(Duration.ofDays(31)).atZone(ZoneOffset.UTC))
                .toString();
        String token = fixtures.login(partner.account());
        var csv = api.get("/api/v1/partners/me/statements/" + month + ".csv")
                .bearer(token)
                .send();
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(csv.body().lines())
                .hasSizeGreaterThanOrEqualTo(3)
                .first()
                .asString()
                .startsWith("date,kind");
        assertThat(csv.body()).contains(",earned,", ",380,USD,").doesNotContain(customer.toString());
        var bad = api.get("/api/v1/partners/me/statements/2026-13.csv")
                .bearer(token)
                .send();
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("month");
    }

    @Test
    void razorpayChargesEarnInRupeesAndAPaidOutCommissionRefundedLaterNetsAgainstTheNextOne() {
        Partner partner = fixtures.approved();
        WorkspaceId customer = fixtures.customerOf(partner);
        long t = clock.instant().getEpochSecond();
        webhooks.razorpayCharged(customer, "sub_rz", "pay_rz1", 149_900, t);
        await(() -> fixtures.lines(partner.id(), "earned") == 1);
        assertThat(balance(partner, "INR").earned()).isEqualTo(29_980);

        WorkspaceId usd = fixtures.customerOf(partner);
        webhooks.stripeCheckout(usd, "sub_net", t);
        webhooks.stripeInvoicePaid("evt_net1", usd, "sub_net", "in_net1", 30_000, "usd", t);
        await(() -> fixtures.lines(partner.id(), "earned") == 2);
        clock.advance(Duration.ofDays(31));
        partners.runPayouts();
        // no connected account: a manual payout of the USD balance; rupees have no threshold, so they wait
        var payout = partners.payouts(partner.id());
        assertThat(payout).singleElement().satisfies(p -> {
            assertThat(p.amount().toString()).isEqualTo("6000 USD");
            assertThat(p.method()).isEqualTo("manual");
            assertThat(p.status()).isEqualTo("pending");
        });
        assertThat(balance(partner, "USD")).isEqualTo(new CommissionBalance("USD", 30_000, 6000, 0, 0, 6000, 0));
        String operator = fixtures.operatorToken();
        String paid = "/api/v1/admin/partners/payouts/" + payout.getFirst().id() + "/paid";
        assertThat(api.post(paid, Map.of())
                        .bearer(operator)
                        .send()
                        .json()
                        .get("status")
                        .asString())
                .isEqualTo("paid");
        assertThat(api.post(paid, Map.of()).bearer(operator).send().status()).isEqualTo(409);
        assertThat(events.ofType(PayoutSent.class))
                .filteredOn(e -> e.partner().equals(partner.id()))
                .hasSize(1);

        webhooks.stripeRefunded(
                "evt_net_r", "in_net1", 30_000, 30_000, clock.instant().getEpochSecond());
        await(() -> fixtures.lines(partner.id(), "clawback") == 1);
        assertThat(balance(partner, "USD")).isEqualTo(new CommissionBalance("USD", 0, 0, 0, -6000, 0, 6000));

        long t2 = clock.instant().getEpochSecond();
        webhooks.stripeInvoicePaid("evt_net2", usd, "sub_net", "in_net2", 30_000, "usd", t2);
        await(() -> fixtures.lines(partner.id(), "earned") == 3);
        clock.advance(Duration.ofDays(31));
        partners.runPayouts();
        assertThat(partners.payouts(partner.id())).hasSize(1);
        assertThat(balance(partner, "USD")).isEqualTo(new CommissionBalance("USD", 30_000, 6000, 0, 0, 0, 6000));

        webhooks.razorpayRefunded("rfnd_rz1", "pay_rz1", 49_900, clock.instant().getEpochSecond());
        await(() -> fixtures.lines(partner.id(), "clawback") == 2);
        assertThat(balance(partner, "INR").earned()).isEqualTo(20_000);

        var totals = api.get("/api/v1/admin/partners?status=approved")
                .bearer(fixtures.operatorToken())
                .send();
        assertThat(totals.status()).isEqualTo(200);
        assertThat(totals.body()).contains(partner.id().toString());
    }

    @Test
    void invoicesPaidAfterThePartnersMonthsEarnNothing() {
        Partner partner = fixtures.approved();
        WorkspaceId customer = fixtures.customerOf(partner);
        webhooks.stripeCheckout(customer, "sub_old", clock.instant().getEpochSecond());
        clock.advance(Duration.ofDays(366));
        long t = clock.instant().getEpochSecond();
        webhooks.stripeInvoicePaid("evt_old1", customer, "sub_old", "in_old1", 1900, "usd", t);
        WorkspaceId fresh = fixtures.customerOf(partner);
        webhooks.stripeCheckout(fresh, "sub_new", t);
        webhooks.stripeInvoicePaid("evt_new1", fresh, "sub_new", "in_new1", 1900, "usd", t);
        await(() -> fixtures.lines(partner.id(), "earned") == 1);
        assertThat(jdbc.sql("SELECT customer_id FROM commission_line WHERE partner_id = :p")
                        .param("p", partner.id())
                        .query(UUID.class)
                        .single())
                .isEqualTo(fresh.value());
    }

    private CommissionBalance balance(Partner partner, String currency) {
        return partners.balances(partner.id()).stream()
                .filter(b -> b.currency().equals(currency))
                .findFirst()
                .orElseThrow();
    }

    private static WorkspaceId customer(HttpApi.Response signup) {
        return new WorkspaceId(UUID.fromString(signup.json().get("workspaceId").asString()));
    }
}
