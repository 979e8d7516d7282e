package io.levqor.billing;

import static io.levqor.billing.StripeEvents.checkoutSession;
import static io.levqor.billing.StripeEvents.event;
import static io.levqor.billing.StripeEvents.invoice;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.levqor.billing.internal.LedgerPostings;
import io.levqor.shared.ProblemException;
import io.levqor.shared.ValidationFailed;
import io.levqor.shared.WorkspaceId;
import io.levqor.support.HttpApi;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.support.MutableClock;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@LevqorIntegrationTest
class CheckoutAndRefundIntegrationTests {

    @Autowired
    Checkout checkout;

    @Autowired
    Payments payments;

    @Autowired
    Credits credits;

    @Autowired
    LedgerPostings postings;

    @Autowired
    FakeProviders fake;

    @Autowired
    HttpApi api;

    @Autowired
    MutableClock clock;

    @Autowired
    io.levqor.identity.AuditTrail audit;

    @BeforeEach
    void forgetRequests() {
        fake.reset();
    }

    @Test
    void stripeCheckoutCreatesASubscriptionSessionCarryingTheWorkspace() {
        var workspace = WorkspaceId.newId();

        String url = checkout.start(workspace, "pro", "stripe", null);

        assertThat(url).startsWith("https://checkout.stripe.com/c/pay/cs_test_");
        var request = fake.received("/v1/checkout/sessions").getFirst();
        assertThat(request.authorization()).isEqualTo("Bearer " + FakeProviders.STRIPE_KEY);
        assertThat(request.contentType()).startsWith("application/x-www-form-urlencoded");
        assertThat(request.form())
                .containsEntry("mode", "subscription")
                .containsEntry("client_reference_id", workspace.toString())
                .containsEntry("metadata[workspace_id]", workspace.toString())
                .containsEntry("subscription_data[metadata][workspace_id]", workspace.toString())
                .containsEntry("subscription_data[metadata][plan]", "pro")
                .containsEntry("line_items[0][price_data][currency]", "usd")
                .containsEntry("line_items[0][price_data][unit_amount]", "7900")
                .containsEntry("line_items[0][price_data][recurring][interval]", "month");
        assertThat(request.form().get("success_url")).endsWith("/console/billing?checkout=success");
    }

    @Test
    void razorpayCheckoutCreatesThePlanOnceAndASubscriptionWithNotes() {
        var first = WorkspaceId.newId();
        var second = WorkspaceId.newId();

        String url = checkout.start(first, "starter", "razorpay", null);
        checkout.start(second, "starter", "razorpay", "inr");

        assertThat(url).startsWith("https://rzp.io/i/");
        assertThat(fake.received("/v1/plans")).singleElement().satisfies(plan -> {
            assertThat(plan.authorization()).startsWith("Basic ");
            assertThat(plan.json().path("item").path("amount").asLong()).isEqualTo(149_900);
            assertThat(plan.json().path("item").path("currency").asString()).isEqualTo("INR");
            assertThat(plan.json().path("period").asString()).isEqualTo("monthly");
        });
        var subscription = fake.received("/v1/subscriptions").getFirst().json();
        assertThat(subscription.path("notes").path("workspace_id").asString()).isEqualTo(first.toString());
        assertThat(subscription.path("plan_id").asString()).startsWith("plan_test_");
    }

    @Test
    void checkoutNamesTheBadField() {
        var workspace = WorkspaceId.newId();
        assertThatThrownBy(() -> checkout.start(workspace, "free", "stripe", null))
                .isInstanceOfSatisfying(
                        ValidationFailed.class,
                        e -> assertThat(e.errors()).extracting(f -> f.field()).containsExactly("plan"));
        assertThatThrownBy(() -> checkout.start(workspace, "pro", "paypal", null))
                .isInstanceOfSatisfying(
                        ValidationFailed.class,
                        e -> assertThat(e.errors()).extracting(f -> f.field()).containsExactly("provider"));
        assertThatThrownBy(() -> checkout.start(workspace, "pro", "stripe", "EUR"))
                .isInstanceOfSatisfying(
                        ValidationFailed.class,
                        e -> assertThat(e.errors()).extracting(f -> f.field()).containsExactly("currency"));
        assertThat(fake.received()).isEmpty();
    }

    @Test
    void thePortalNeedsAStripeCustomerAndThenLinksToIt() {
        var workspace = WorkspaceId.newId();
        assertThatThrownBy(() -> checkout.portal(workspace)).isInstanceOf(ProblemException.class);
        paidThroughStripe(workspace, "sub_portal", 1900);

        String url = checkout.portal(workspace);

        assertThat(url).startsWith("https://billing.stripe.com/p/session/");
        assertThat(fake.received("/v1/billing_portal/sessions").getFirst().form())
                .containsEntry("customer", "cus_sub_portal");
    }

    @Test
    void anOperatorRefundCallsStripeAndClawsBackOnceEvenWhenTheWebhookFollows() {
        var workspace = WorkspaceId.newId();
        credits.grantSignupCredits(workspace);
        paidThroughStripe(workspace, "sub_refund", 1900);
        var payment = payments.list(workspace, 10).getFirst();

        RefundResult result = payments.refund(payment.id(), 950L);

        assertThat(result.amount()).isEqualTo(950);
        assertThat(result.creditsClawedBack()).isEqualTo(500);
        var request = fake.received("/v1/refunds").getFirst();
        assertThat(request.form())
                .containsEntry("payment_intent", "pi_in_sub_refund")
                .containsEntry("amount", "950");
        assertThat(credits.balance(workspace)).isEqualTo(550);

        // Stripe then reports the same refund as the charge's running total
        long t = clock.instant().getEpochSecond();
        deliverStripe(event("evt_after_refund", "charge.refunded", t, StripeEvents.charge("in_sub_refund", 1900, 950)));

        assertThat(credits.balance(workspace)).isEqualTo(550);
        assertThat(credits.check(workspace).holds()).isTrue();

        // The audit log: the refund once (the webhook after it added nothing), the provider's events by listener.
        awaitActions(workspace, "billing.subscription-changed", "billing.payment-succeeded");
        assertThat(actions(workspace)).containsOnlyOnce("billing.refund-recorded", "billing.payment-succeeded");
        assertThat(audit.page(workspace, null, 50).stream()
                        .filter(e -> e.action().equals("billing.refund-recorded"))
                        .findFirst()
                        .orElseThrow()
                        .target())
                .contains("payment:" + payment.id(), "amount=950", "creditsClawedBack=500");
        assertThat(audit.verify(workspace).intact()).isTrue();
    }

    private java.util.List<String> actions(WorkspaceId workspace) {
        return audit.page(workspace, null, 50).stream()
                .map(io.levqor.identity.AuditEntry::action)
                .toList();
    }

    // The listeners run after the webhook's commit, on another thread: wait for their entries with a deadline.
    private void awaitActions(WorkspaceId workspace, String... expected) {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
        while (!actions(workspace).containsAll(java.util.List.of(expected))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "audit entries " + java.util.List.of(expected) + " never came: " + actions(workspace));
            }
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000);
        }
    }

    @Test
    void anOperatorRefundOfACurrentShapePaymentSendsItsPaymentIntent() {
        var workspace = WorkspaceId.newId();
        credits.grantSignupCredits(workspace);
        long t = clock.instant().getEpochSecond();
        deliverStripe(StripeEvents.currentEvent(
                "evt_cur_i",
                "invoice.paid",
                t,
                StripeEvents.currentInvoice(workspace, "in_cur", "sub_cur", "starter", 1900, t)));
        var payment = payments.list(workspace, 10).getFirst();
        // until Stripe says which intent paid the invoice there is nothing to refund through the API
        assertThatThrownBy(() -> payments.refund(payment.id(), 950L))
                .isInstanceOfSatisfying(
                        ProblemException.class,
                        e -> assertThat(e.status().value()).isEqualTo(409));
        assertThat(fake.received("/v1/refunds")).isEmpty();
        deliverStripe(StripeEvents.currentEvent(
                "evt_cur_p", "invoice_payment.paid", t, StripeEvents.invoicePayment("in_cur", "pi_cur", 1900, t)));

        RefundResult result = payments.refund(payment.id(), 950L);

        assertThat(fake.received("/v1/refunds"))
                .singleElement()
                .satisfies(request -> assertThat(request.form())
                        .containsEntry("payment_intent", "pi_cur")
                        .containsEntry("amount", "950")
                        .doesNotContainKey("charge"));
        assertThat(result.creditsClawedBack()).isEqualTo(500);
        // Stripe then reports the refund on the charge, which names the intent
        deliverStripe(StripeEvents.currentEvent(
                "evt_cur_r", "charge.refunded", t + 1, StripeEvents.currentCharge("pi_cur", "ch_cur", 1900, 950)));
        assertThat(credits.balance(workspace)).isEqualTo(550);
        assertThat(credits.check(workspace).holds()).isTrue();
    }

    @Test
    void aClawbackNeverTakesTheBalanceBelowZeroAndRecordsTheShortfall() {
        var workspace = WorkspaceId.newId();
        credits.grantSignupCredits(workspace);
        paidThroughStripe(workspace, "sub_spent", 1900);
        postings.takeBack(workspace, CreditKind.ADJUSTMENT, 1000, "test:spent", clock.instant()); // 50 left
        var payment = payments.list(workspace, 10).getFirst();

        RefundResult result = payments.refund(payment.id(), null);

        assertThat(result.amount()).isEqualTo(1900);
        assertThat(result.creditsClawedBack()).isEqualTo(50);
        assertThat(result.creditShortfall()).isEqualTo(950);
        assertThat(credits.balance(workspace)).isZero();
        assertThat(credits.ledger(workspace, null, 1).items().getFirst().shortfall())
                .isEqualTo(950);
        assertThat(payments.list(workspace, 1).getFirst().creditShortfall()).isEqualTo(950);
        assertThat(credits.check(workspace).holds()).isTrue();
        assertThatThrownBy(() -> payments.refund(payment.id(), null)).isInstanceOf(ProblemException.class);
    }

    @Test
    void anOperatorRefundThroughRazorpay() {
        var workspace = WorkspaceId.newId();
        credits.grantSignupCredits(workspace);
        long t = clock.instant().getEpochSecond();
        String body = RazorpayEvents.event(
                "subscription.charged",
                t,
                Map.of(
                        "subscription", RazorpayEvents.subscription(workspace, "sub_rzp", "starter", "active", t),
                        "payment", RazorpayEvents.payment("pay_rzp", 149_900, "captured")));
        api.post("/billing/webhooks/razorpay", body)
                .header(
                        "X-Razorpay-Signature",
                        ProviderSignatures.razorpay(body, BillingTestConfiguration.RAZORPAY_SECRET))
                .header("X-Razorpay-Event-Id", "evt_rzp_charge")
                .send();
        var payment = payments.list(workspace, 10).getFirst();

        RefundResult result = payments.refund(payment.id(), 149_900L);

        assertThat(fake.received("/v1/payments/pay_rzp/refund")
                        .getFirst()
                        .json()
                        .path("amount")
                        .asLong())
                .isEqualTo(149_900);
        assertThat(result.creditsClawedBack()).isEqualTo(1000);
        assertThat(credits.balance(workspace)).isEqualTo(50);
        assertThatThrownBy(() -> payments.refund(payment.id(), 1L)).isInstanceOf(ProblemException.class);
    }

    @Test
    void refundingAnUnknownPaymentIsNotFound() {
        assertThatThrownBy(() -> payments.refund(io.levqor.shared.Ids.newId(), null))
                .isInstanceOfSatisfying(
                        ProblemException.class,
                        e -> assertThat(e.status().value()).isEqualTo(404));
    }

    private void paidThroughStripe(WorkspaceId workspace, String subscription, long amount) {
        long t = clock.instant().getEpochSecond();
        deliverStripe(event(
                subscription + "_c",
                "checkout.session.completed",
                t,
                checkoutSession(workspace, subscription, "starter")));
        deliverStripe(event(
                subscription + "_i",
                "invoice.paid",
                t,
                invoice(workspace, "in_" + subscription, subscription, "starter", amount, t)));
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
}
