package io.levqor.billing;

import static io.levqor.billing.StripeEvents.checkoutSession;
import static io.levqor.billing.StripeEvents.event;
import static io.levqor.billing.StripeEvents.failedInvoice;
import static io.levqor.billing.StripeEvents.invoice;
import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.identity.RateLimitTiers;
import io.levqor.identity.internal.OperatorBootstrap;
import io.levqor.shared.Role;
import io.levqor.shared.WorkspaceId;
import io.levqor.support.HttpApi;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.support.MutableClock;
import io.levqor.support.TestAccounts;
import io.levqor.support.TestAccounts.Account;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

@LevqorIntegrationTest
class BillingApiIntegrationTests {

    @Autowired
    HttpApi api;

    @Autowired
    TestAccounts accounts;

    @Autowired
    Credits credits;

    @Autowired
    MutableClock clock;

    @Autowired
    OperatorBootstrap operators;

    @Autowired
    Payments payments;

    @Autowired
    RateLimitTiers tiers;

    @Test
    void aNewWorkspaceStartsOnTheFreePlanWithFiftyCredits() {
        Account owner = accounts.signUp();
        var workspace = WorkspaceId.of(owner.workspaceId());
        await(() -> credits.balance(workspace) == 50);

        JsonNode usage = get("/api/v1/billing/usage", owner).json();
        assertThat(usage.path("plan").asString()).isEqualTo("free");
        assertThat(usage.path("credits").path("balance").asLong()).isEqualTo(50);
        assertThat(usage.path("credits").path("granted").asLong()).isEqualTo(50);
        assertThat(usage.path("credits").path("used").asLong()).isZero();
        assertThat(usage.path("runsToday").asInt()).isZero();
        assertThat(usage.path("dailyRunCap").asInt()).isEqualTo(1);

        JsonNode limits = get("/api/v1/billing/limits", owner).json();
        assertThat(limits.path("creditsBalance").asLong()).isEqualTo(50);
        assertThat(limits.path("rateLimit").path("requests").asInt()).isEqualTo(60);
        assertThat(limits.path("rateLimit").path("per").asString()).isEqualTo("PT1M");
        assertThat(tiers.tierOf(workspace)).contains("free");
    }

    @Test
    void plansAreListedWithPricesInMinorUnits() {
        Account owner = accounts.signUp();
        Account viewer = accounts.member(owner, Role.VIEWER);

        var answer = get("/api/v1/billing/plans", viewer);

        assertThat(answer.status()).isEqualTo(200);
        JsonNode plans = answer.json();
        assertThat(plans)
                .extracting(p -> p.path("id").asString())
                .containsExactly("free", "starter", "pro", "business");
        JsonNode starter = plans.get(1);
        assertThat(starter.path("monthlyCredits").asLong()).isEqualTo(1000);
        assertThat(starter.path("price").path("amount").asLong()).isEqualTo(1900);
        assertThat(starter.path("price").path("currency").asString()).isEqualTo("USD");
        assertThat(starter.path("prices"))
                .extracting(p -> p.path("currency").asString())
                .contains("INR");
        assertThat(plans.get(3).has("dailyRunCap")).as("business has no cap").isFalse();
        assertThat(api.get("/api/v1/billing/plans").send().status()).isEqualTo(401);
    }

    @Test
    void theLedgerPagesWithACursorAndShowsOnlyTheCallersWorkspace() {
        Account a = accounts.signUp();
        Account b = accounts.signUp();
        var workspaceA = WorkspaceId.of(a.workspaceId());
        await(() -> credits.balance(workspaceA) == 50);
        credits.grant(workspaceA, 5, "test:one");
        credits.grant(workspaceA, 6, "test:two");

        JsonNode first = get("/api/v1/billing/ledger?limit=2", a).json();
        assertThat(first.path("items"))
                .extracting(i -> i.path("reference").asString())
                .containsExactly("test:two", "test:one");
        assertThat(first.path("items").get(0).path("balanceAfter").asLong()).isEqualTo(61);
        assertThat(first.path("items").get(0).path("kind").asString()).isEqualTo("grant");
        String cursor = first.path("nextCursor").asString();
        JsonNode second =
                get("/api/v1/billing/ledger?limit=2&cursor=" + cursor, a).json();
        assertThat(second.path("items"))
                .extracting(i -> i.path("reference").asString())
                .containsExactly("signup");
        assertThat(second.has("nextCursor")).isFalse();

        JsonNode other = get("/api/v1/billing/ledger", b).json();
        assertThat(other.path("items"))
                .extracting(i -> i.path("reference").asString())
                .doesNotContain("test:one");
        assertThat(get("/api/v1/billing/ledger?limit=2&cursor=" + cursor, b)
                        .json()
                        .path("items"))
                .extracting(i -> i.path("reference").asString())
                .doesNotContain("test:one", "test:two");
        assertThat(get("/api/v1/billing/usage", b)
                        .json()
                        .path("credits")
                        .path("balance")
                        .asLong())
                .isEqualTo(50);
    }

    @Test
    void badLedgerParametersAnswer400NamingTheField() {
        Account owner = accounts.signUp();

        var badCursor = get("/api/v1/billing/ledger?cursor=nonsense", owner);
        var badLimit = get("/api/v1/billing/ledger?limit=0", owner);

        assertThat(badCursor.status()).isEqualTo(400);
        assertThat(badCursor.json().path("errors").get(0).path("field").asString())
                .isEqualTo("cursor");
        assertThat(badLimit.status()).isEqualTo(400);
        assertThat(badLimit.json().path("errors").get(0).path("field").asString())
                .isEqualTo("limit");
    }

    @Test
    void checkoutNeedsAnAdminAndAnswersTheHostedPage() {
        Account owner = accounts.signUp();
        Account viewer = accounts.member(owner, Role.VIEWER);
        var body = Map.of("plan", "starter", "provider", "stripe");

        assertThat(api.post("/api/v1/billing/checkout", body)
                        .bearer(viewer.accessToken())
                        .send()
                        .status())
                .isEqualTo(403);
        var answer = api.post("/api/v1/billing/checkout", body)
                .bearer(owner.accessToken())
                .send();
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().path("url").asString()).startsWith("https://checkout.stripe.com/");

        var bad = api.post("/api/v1/billing/checkout", Map.of("plan", "gold", "provider", "stripe"))
                .bearer(owner.accessToken())
                .send();
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().path("errors").get(0).path("field").asString()).isEqualTo("plan");
        var missing = api.post("/api/v1/billing/checkout", Map.of("plan", "pro"))
                .bearer(owner.accessToken())
                .send();
        assertThat(missing.status()).isEqualTo(400);
    }

    @Test
    void aPaymentMailsAReceiptAndAFailureMailsADunningNotice() {
        Account owner = accounts.signUp();
        var workspace = WorkspaceId.of(owner.workspaceId());
        await(() -> credits.balance(workspace) == 50);
        long t = clock.instant().getEpochSecond();

        deliverStripe(event("evt_m1", "checkout.session.completed", t, checkoutSession(workspace, "sub_mail", "pro")));
        deliverStripe(
                event("evt_m2", "invoice.paid", t + 1, invoice(workspace, "in_mail", "sub_mail", "pro", 7900, t)));
        deliverStripe(event(
                "evt_m3",
                "invoice.payment_failed",
                t + 2,
                failedInvoice(workspace, "in_mail2", "sub_mail", "pro", 7900, t)));

        await(() -> has(mailbox(owner.email()), "billing-receipt") && has(mailbox(owner.email()), "billing-dunning"));
        JsonNode mails = mailbox(owner.email());
        assertThat(mails).extracting(m -> m.path("category").asString()).contains("billing-receipt", "billing-dunning");
        JsonNode receipt = find(mails, "billing-receipt");
        assertThat(receipt.path("subject").asString()).contains("USD 79.00");
        assertThat(receipt.path("text").asString()).contains("10000 credits");
        assertThat(find(mails, "billing-dunning").path("text").asString()).contains("USD 79.00");
        assertThat(tiers.tierOf(workspace)).contains("pro");
    }

    @Test
    void subscriptionAndPaymentsAreOnlyTheCallersOwn() {
        Account a = accounts.signUp();
        Account b = accounts.signUp();
        var workspaceA = WorkspaceId.of(a.workspaceId());
        long t = clock.instant().getEpochSecond();
        deliverStripe(
                event("evt_iso1", "checkout.session.completed", t, checkoutSession(workspaceA, "sub_iso", "pro")));
        deliverStripe(
                event("evt_iso2", "invoice.paid", t + 1, invoice(workspaceA, "in_iso", "sub_iso", "pro", 7900, t)));

        JsonNode mine = get("/api/v1/billing/subscription", a).json();
        assertThat(mine.path("plan").asString()).isEqualTo("pro");
        assertThat(mine.path("state").asString()).isEqualTo("active");
        assertThat(get("/api/v1/billing/payments", a).json().path("items")).hasSize(1);

        assertThat(get("/api/v1/billing/subscription", b).status()).isEqualTo(404);
        assertThat(get("/api/v1/billing/payments", b).json().path("items")).isEmpty();
        assertThat(get("/api/v1/billing/usage", b).json().path("plan").asString())
                .isEqualTo("free");
        assertThat(get("/api/v1/billing/limits", a).json().path("plan").asString())
                .isEqualTo("pro");
    }

    @Test
    void onlyTheOperatorRefunds() {
        Account owner = accounts.signUp();
        var workspace = WorkspaceId.of(owner.workspaceId());
        await(() -> credits.balance(workspace) == 50);
        long t = clock.instant().getEpochSecond();
        deliverStripe(event("evt_o1", "invoice.paid", t, invoice(workspace, "in_op", "sub_op", "starter", 1900, t)));
        var payment = payments.list(workspace, 1).getFirst();
        String path = "/api/v1/admin/payments/" + payment.id() + "/refund";

        assertThat(api.post(path, Map.of("amount", 100))
                        .bearer(owner.accessToken())
                        .send()
                        .status())
                .isEqualTo(403);

        Account operator = accounts.signUp();
        operators.apply(operator.email());
        String token = api.post(
                        "/api/v1/auth/login", Map.of("email", operator.email(), "password", operator.password()))
                .send()
                .json()
                .path("accessToken")
                .asString();
        var refunded = api.post(path, Map.of("amount", 950)).bearer(token).send();

        assertThat(refunded.status()).isEqualTo(200);
        assertThat(refunded.json().path("creditsClawedBack").asLong()).isEqualTo(500);
        assertThat(credits.balance(workspace)).isEqualTo(550);
        var tooMuch = api.post(path, Map.of("amount", 5000)).bearer(token).send();
        assertThat(tooMuch.status()).isEqualTo(400);
        assertThat(tooMuch.json().path("errors").get(0).path("field").asString())
                .isEqualTo("amount");
        operators.apply("");
    }

    private HttpApi.Response get(String path, Account account) {
        return api.get(path).bearer(account.accessToken()).send();
    }

    private JsonNode mailbox(String email) {
        return api.get("/api/v1/dev/mailbox?to=" + email).send().json().path("items");
    }

    private static boolean has(JsonNode mails, String category) {
        for (JsonNode mail : mails) {
            if (category.equals(mail.path("category").asString(""))) {
                return true;
            }
        }
        return false;
    }

    private static JsonNode find(JsonNode mails, String category) {
        for (JsonNode mail : mails) {
            if (category.equals(mail.path("category").asString(""))) {
                return mail;
            }
        }
        throw new AssertionError("no " + category + " mail in " + mails);
    }

    private void deliverStripe(String body) {
        var answer = api.post("/billing/webhooks/stripe", body)
                .header(
                        "Stripe-Signature",
                        ProviderSignatures.stripe(
                                body,
                                BillingTestConfiguration.STRIPE_NEW_SECRET,
                                clock.instant().getEpochSecond()))
                .send();
        assertThat(answer.status()).isEqualTo(200);
    }

    /** Waits for work done after commit (event listeners) with a deadline; no fixed sleeps. */
    static void await(BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("condition not met within 20s");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(25));
        }
    }
}
