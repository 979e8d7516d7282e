package io.levqor.billing;

import static io.levqor.billing.StripeEvents.charge;
import static io.levqor.billing.StripeEvents.checkoutSession;
import static io.levqor.billing.StripeEvents.currentCharge;
import static io.levqor.billing.StripeEvents.currentEvent;
import static io.levqor.billing.StripeEvents.currentInvoice;
import static io.levqor.billing.StripeEvents.currentInvoiceWithPayments;
import static io.levqor.billing.StripeEvents.event;
import static io.levqor.billing.StripeEvents.failedInvoice;
import static io.levqor.billing.StripeEvents.invoice;
import static io.levqor.billing.StripeEvents.invoicePayment;
import static io.levqor.billing.StripeEvents.subscription;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.levqor.billing.internal.GracePeriods;
import io.levqor.billing.jdbc.PendingRefunds;
import io.levqor.billing.jdbc.WebhookEventLog;
import io.levqor.shared.Ids;
import io.levqor.shared.WorkspaceId;
import io.levqor.support.HttpApi;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.support.MutableClock;
import io.levqor.support.RecordedEvents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@LevqorIntegrationTest
class StripeWebhookIntegrationTests {

    static final String PATH = "/billing/webhooks/stripe";

    @Autowired
    HttpApi api;

    @Autowired
    MutableClock clock;

    @Autowired
    Credits credits;

    @Autowired
    RunAdmission admission;

    @Autowired
    Quotas quotas;

    @Autowired
    Subscriptions subscriptions;

    @Autowired
    Payments payments;

    @Autowired
    WebhookEventLog eventLog;

    @Autowired
    GracePeriods gracePeriods;

    @Autowired
    PendingRefunds pendingRefunds;

    @Autowired
    RecordedEvents recorded;

    @Test
    void aPaidInvoiceGrantsThePeriodsCreditsOnceAndLiftsTheCap() {
        var workspace = WorkspaceId.newId();
        credits.grantSignupCredits(workspace);
        admission.admit(workspace, Ids.newId(), "manual");
        assertThatThrownBy(() -> admission.admit(workspace, Ids.newId(), "manual"))
                .isInstanceOf(QuotaExceeded.class);
        long t = now();

        assertThat(deliver(event(
                                "evt_c1",
                                "checkout.session.completed",
                                t,
                                checkoutSession(workspace, "sub_1", "starter")))
                        .status())
                .isEqualTo(200);
        var paid = invoice(workspace, "in_1", "sub_1", "starter", 1900, t);
        assertThat(deliver(event("evt_i1", "invoice.paid", t + 1, paid)).status())
                .isEqualTo(200);
        // Stripe may send the same invoice again under another event id (a resend, invoice.payment_succeeded…)
        assertThat(deliver(event("evt_i1_again", "invoice.paid", t + 2, paid)).status())
                .isEqualTo(200);

        assertThat(credits.balance(workspace)).isEqualTo(49 + 1000);
        assertThat(quotas.planOf(workspace).id()).isEqualTo("starter");
        assertThat(payments.list(workspace, 10)).singleElement().satisfies(p -> {
            assertThat(p.amount().amount()).isEqualTo(1900);
            assertThat(p.amount().currency().getCurrencyCode()).isEqualTo("USD");
            assertThat(p.creditsGranted()).isEqualTo(1000);
        });
        assertThat(subscriptions.current(workspace).orElseThrow().state()).isEqualTo(SubscriptionState.ACTIVE);
        admission.admit(workspace, Ids.newId(), "manual"); // the cap is lifted
        assertThat(credits.balance(workspace)).isEqualTo(1048);
        assertThat(credits.check(workspace).holds()).isTrue();
    }

    @Test
    void tenConcurrentDeliveriesOfOneEventApplyOnce() throws Exception {
        var workspace = WorkspaceId.newId();
        credits.grantSignupCredits(workspace);
        String body =
                event("evt_many", "invoice.paid", now(), invoice(workspace, "in_many", "sub_many", "pro", 7900, now()));

        List<Integer> statuses = concurrently(10, () -> deliver(body).status());

        assertThat(statuses).containsOnly(200);
        assertThat(credits.balance(workspace)).isEqualTo(50 + 10_000);
        assertThat(payments.list(workspace, 10)).hasSize(1);
        assertThat(eventLog.count(PaymentProvider.STRIPE)).isEqualTo(1);
        assertThat(credits.ledger(workspace, null, 10).items()).hasSize(2);
    }

    @Test
    void forgedTruncatedWrongSecretOrStaleDeliveriesAnswer400AndStoreNothing() {
        var workspace = WorkspaceId.newId();
        long t = now();
        String body = event("evt_bad", "invoice.paid", t, invoice(workspace, "in_bad", "sub_bad", "pro", 7900, t));
        String good = ProviderSignatures.stripe(body, BillingTestConfiguration.STRIPE_NEW_SECRET, t);

        List<HttpApi.Response> answers = List.of(
                send(body, ProviderSignatures.stripe(body, "whsec_forged", t)),
                send(body, good.substring(0, good.length() - 6)),
                send(body, "t=" + t + ",v1=" + "0".repeat(64)),
                // A minute beyond the 300 s tolerance either way: the clock runs on while the requests are sent.
                send(body, ProviderSignatures.stripe(body, BillingTestConfiguration.STRIPE_NEW_SECRET, t - 360)),
                send(body, ProviderSignatures.stripe(body, BillingTestConfiguration.STRIPE_NEW_SECRET, t + 360)),
                send(body.replace("7900", "1"), good),
                send(body.substring(0, body.length() - 10), good),
                send(body, null));

        assertThat(answers).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.json().path("type").asString()).isEqualTo("https://levqor.io/problems/webhook-rejected");
        });
        assertThat(eventLog.count(PaymentProvider.STRIPE)).isZero();
        assertThat(subscriptions.current(workspace)).isEmpty();
        assertThat(credits.balance(workspace)).isZero();
    }

    @Test
    void aValidSignatureOverABodyThatIsNotAnEventAnswers400() {
        String body = "{\"hello\":\"world\"}";
        assertThat(send(body, ProviderSignatures.stripe(body, BillingTestConfiguration.STRIPE_NEW_SECRET, now()))
                        .status())
                .isEqualTo(400);
        assertThat(eventLog.count(PaymentProvider.STRIPE)).isZero();
    }

    @Test
    void theSecretBeingRotatedOutIsStillAccepted() {
        var workspace = WorkspaceId.newId();
        long t = now();
        String body = event("evt_old", "checkout.session.completed", t, checkoutSession(workspace, "sub_old", "pro"));

        var answer = send(body, ProviderSignatures.stripe(body, BillingTestConfiguration.STRIPE_OLD_SECRET, t));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(quotas.planOf(workspace).id()).isEqualTo("pro");
    }

    @Test
    void eventsDeliveredInReverseOrderEndInTheRightState() {
        var forward = WorkspaceId.newId();
        var reverse = WorkspaceId.newId();
        for (var workspace : List.of(forward, reverse)) {
            credits.grantSignupCredits(workspace);
        }

        List<String> forwardEvents = lifecycle(forward, "sub_fwd");
        List<String> reverseEvents = new ArrayList<>(lifecycle(reverse, "sub_rev"));
        java.util.Collections.reverse(reverseEvents);
        forwardEvents.forEach(body -> assertThat(deliver(body).status()).isEqualTo(200));
        reverseEvents.forEach(body -> assertThat(deliver(body).status()).isEqualTo(200));

        for (var workspace : List.of(forward, reverse)) {
            assertThat(subscriptions.current(workspace).orElseThrow().state()).isEqualTo(SubscriptionState.CANCELED);
            assertThat(quotas.planOf(workspace).id()).isEqualTo("free");
            assertThat(credits.balance(workspace)).isEqualTo(50 + 1000);
            assertThat(credits.check(workspace).holds()).isTrue();
        }
    }

    @Test
    void aLateFailureDoesNotUndoANewerRecovery() {
        var workspace = WorkspaceId.newId();
        long t = now();
        deliver(event("evt_a", "checkout.session.completed", t, checkoutSession(workspace, "sub_late", "starter")));
        deliver(event(
                "evt_b",
                "customer.subscription.updated",
                t + 20,
                subscription(workspace, "sub_late", "starter", "active")));

        deliver(event(
                "evt_c",
                "invoice.payment_failed",
                t + 10,
                failedInvoice(workspace, "in_late", "sub_late", "starter", 1900, t)));

        assertThat(subscriptions.current(workspace).orElseThrow().state()).isEqualTo(SubscriptionState.ACTIVE);
    }

    @Test
    void aFailedPaymentIsPastDueThroughTheGracePeriodThenFallsBackToFree() {
        var workspace = WorkspaceId.newId();
        long t = now();
        deliver(event("evt_g1", "checkout.session.completed", t, checkoutSession(workspace, "sub_grace", "starter")));
        deliver(event("evt_g2", "invoice.paid", t + 1, invoice(workspace, "in_g1", "sub_grace", "starter", 1900, t)));

        deliver(event(
                "evt_g3",
                "invoice.payment_failed",
                t + 2,
                failedInvoice(workspace, "in_g2", "sub_grace", "starter", 1900, t)));

        var pastDue = subscriptions.current(workspace).orElseThrow();
        assertThat(pastDue.state()).isEqualTo(SubscriptionState.PAST_DUE);
        assertThat(pastDue.graceUntil()).isNotNull();
        assertThat(quotas.planOf(workspace).id())
                .as("the plan holds during grace")
                .isEqualTo("starter");
        assertThat(gracePeriods.expireOverdue()).isZero();

        clock.advance(Duration.ofDays(7).plusMinutes(1));

        assertThat(gracePeriods.expireOverdue()).isEqualTo(1);
        assertThat(subscriptions.current(workspace).orElseThrow().state()).isEqualTo(SubscriptionState.EXPIRED);
        assertThat(quotas.planOf(workspace).id()).isEqualTo("free");
    }

    @Test
    void aPaymentWithinTheGracePeriodReactivates() {
        var workspace = WorkspaceId.newId();
        long t = now();
        deliver(event("evt_r1", "checkout.session.completed", t, checkoutSession(workspace, "sub_retry", "pro")));
        deliver(event(
                "evt_r2",
                "invoice.payment_failed",
                t + 1,
                failedInvoice(workspace, "in_r", "sub_retry", "pro", 7900, t)));
        assertThat(subscriptions.current(workspace).orElseThrow().state()).isEqualTo(SubscriptionState.PAST_DUE);

        deliver(event("evt_r3", "invoice.paid", t + 2, invoice(workspace, "in_r", "sub_retry", "pro", 7900, t)));

        var active = subscriptions.current(workspace).orElseThrow();
        assertThat(active.state()).isEqualTo(SubscriptionState.ACTIVE);
        assertThat(active.graceUntil()).isNull();
        clock.advance(Duration.ofDays(8));
        assertThat(gracePeriods.expireOverdue()).isZero();
    }

    @Test
    void aRefundedChargeClawsBackTheNewShareOfCreditsOnce() {
        var workspace = WorkspaceId.newId();
        credits.grantSignupCredits(workspace);
        long t = now();
        deliver(event("evt_p", "invoice.paid", t, invoice(workspace, "in_ref", "sub_ref", "starter", 1900, t)));
        assertThat(credits.balance(workspace)).isEqualTo(1050);

        deliver(event("evt_ref1", "charge.refunded", t + 1, charge("in_ref", 1900, 950)));
        deliver(event("evt_ref1_dup", "charge.refunded", t + 2, charge("in_ref", 1900, 950)));
        assertThat(credits.balance(workspace)).isEqualTo(1050 - 500);

        deliver(event("evt_ref2", "charge.refunded", t + 3, charge("in_ref", 1900, 1900)));
        assertThat(credits.balance(workspace)).isEqualTo(50);
        assertThat(payments.list(workspace, 10).getFirst().refunded().amount()).isEqualTo(1900);
        assertThat(credits.check(workspace).holds()).isTrue();
        // one PaymentRefunded per new total; the duplicate delivery publishes nothing
        assertThat(recorded.ofType(PaymentRefunded.class))
                .filteredOn(e -> e.workspace().equals(workspace))
                .extracting(
                        e -> e.refunded().amount(),
                        e -> e.refundedTotal().amount(),
                        e -> e.paid().amount())
                .containsExactly(tuple(950L, 950L, 1900L), tuple(950L, 1900L, 1900L));
    }

    @Test
    void currentShapesInvoicePaidWithoutAnIntentThenInvoicePaymentPaidThenARefundClawsBack() {
        var workspace = WorkspaceId.newId();
        credits.grantSignupCredits(workspace);
        long t = now();
        deliverOk(currentEvent(
                "evt_b1", "checkout.session.completed", t, checkoutSession(workspace, "sub_basil", "starter")));
        // since 2025-03-31.basil the paid invoice names no payment intent and no charge
        deliverOk(currentEvent(
                "evt_b2",
                "invoice.paid",
                t + 1,
                currentInvoice(workspace, "in_basil", "sub_basil", "starter", 1900, t)));
        assertThat(credits.balance(workspace)).isEqualTo(1050);
        deliverOk(
                currentEvent("evt_b3", "invoice_payment.paid", t + 1, invoicePayment("in_basil", "pi_basil", 1900, t)));

        deliverOk(currentEvent("evt_b4", "charge.refunded", t + 2, currentCharge("pi_basil", "ch_basil", 1900, 950)));
        assertThat(credits.balance(workspace)).isEqualTo(1050 - 500);
        deliverOk(currentEvent("evt_b5", "charge.refunded", t + 3, currentCharge("pi_basil", "ch_basil", 1900, 1900)));

        assertThat(credits.balance(workspace)).isEqualTo(50);
        assertThat(payments.list(workspace, 10)).singleElement().satisfies(p -> {
            assertThat(p.refunded().amount()).isEqualTo(1900);
            assertThat(p.creditsClawedBack()).isEqualTo(1000);
        });
        assertThat(eventLog.outcomeOf(PaymentProvider.STRIPE, "evt_b5")).hasValue("applied");
        assertThat(credits.check(workspace).holds()).isTrue();
    }

    @Test
    void currentShapesInvoicePaymentPaidMayComeBeforeTheInvoice() {
        var workspace = WorkspaceId.newId();
        credits.grantSignupCredits(workspace);
        long t = now();
        assertThat(deliverOk(currentEvent(
                                "evt_e1", "invoice_payment.paid", t, invoicePayment("in_early", "pi_early", 1900, t)))
                        .json()
                        .path("outcome")
                        .asString())
                .isEqualTo("pending");
        deliverOk(currentEvent(
                "evt_e2",
                "invoice.paid",
                t + 1,
                currentInvoice(workspace, "in_early", "sub_early", "starter", 1900, t)));

        deliverOk(currentEvent("evt_e3", "charge.refunded", t + 2, currentCharge("pi_early", "ch_early", 1900, 1900)));

        assertThat(credits.balance(workspace)).isEqualTo(50);
        assertThat(credits.check(workspace).holds()).isTrue();
    }

    @Test
    void anInvoiceWithItsPaymentsIncludedNamesItsIntent() {
        var workspace = WorkspaceId.newId();
        credits.grantSignupCredits(workspace);
        long t = now();
        var payment = invoicePayment("in_incl", "pi_incl", 1900, t);
        // expanded, the intent is an object that names its latest charge
        payment.put(
                "payment",
                java.util.Map.of(
                        "type",
                        "payment_intent",
                        "payment_intent",
                        java.util.Map.of("id", "pi_incl", "object", "payment_intent", "latest_charge", "ch_incl")));
        deliverOk(currentEvent(
                "evt_in1",
                "invoice.paid",
                t,
                currentInvoiceWithPayments(workspace, "in_incl", "sub_incl", "starter", 1900, t, payment)));

        // a charge that only names itself is found by the charge id the expanded intent gave
        var charge = currentCharge("pi_incl", "ch_incl", 1900, 1900);
        charge.put("payment_intent", null);
        deliverOk(currentEvent("evt_in2", "charge.refunded", t + 1, charge));

        assertThat(credits.balance(workspace)).isEqualTo(50);
    }

    @Test
    void oldShapesStillWork() {
        var workspace = WorkspaceId.newId();
        credits.grantSignupCredits(workspace);
        long t = now();
        deliverOk(event("evt_o1", "invoice.paid", t, invoice(workspace, "in_old", "sub_old2", "starter", 1900, t)));
        // an old endpoint may still get invoice_payment.paid: it names what is known already and changes nothing
        deliverOk(currentEvent("evt_o2", "invoice_payment.paid", t, invoicePayment("in_old", "pi_in_old", 1900, t)));

        deliverOk(event("evt_o3", "charge.refunded", t + 1, charge("in_old", 1900, 1900)));

        assertThat(credits.balance(workspace)).isEqualTo(50);
        assertThat(payments.list(workspace, 10).getFirst().refunded().amount()).isEqualTo(1900);
    }

    @Test
    void aRefundBeforeItsPaymentEndsInTheSameBalanceAsInOrderAndReplaysChangeNothing() {
        var inOrder = WorkspaceId.newId();
        var reversed = WorkspaceId.newId();
        var oldReversed = WorkspaceId.newId();
        for (var workspace : List.of(inOrder, reversed, oldReversed)) {
            credits.grantSignupCredits(workspace);
        }
        List<String> forward = currentPaidThenRefunded(inOrder, "fw");
        List<String> backward = new ArrayList<>(currentPaidThenRefunded(reversed, "bw"));
        java.util.Collections.reverse(backward);
        long t = now();
        List<String> oldBackward = List.of(
                event("old_bw_3", "charge.refunded", t + 3, charge("in_old_bw", 1900, 1900)),
                event("old_bw_2", "charge.refunded", t + 2, charge("in_old_bw", 1900, 950)),
                event(
                        "old_bw_1",
                        "invoice.paid",
                        t,
                        invoice(oldReversed, "in_old_bw", "sub_old_bw", "starter", 1900, t)));

        forward.forEach(this::deliverOk);
        backward.forEach(this::deliverOk);
        oldBackward.forEach(this::deliverOk);
        assertThat(eventLog.outcomeOf(PaymentProvider.STRIPE, "bw_4")).hasValue("applied");
        assertThat(pendingRefunds.count(PaymentProvider.STRIPE)).isZero();
        // every event again, and a refund redelivered under another event id
        for (String body : concat(forward, backward, oldBackward)) {
            assertThat(deliverOk(body).json().path("outcome").asString()).isEqualTo("duplicate");
        }
        deliverOk(currentEvent("bw_4_again", "charge.refunded", t + 9, currentCharge("pi_bw", "ch_bw", 1900, 1900)));

        for (var workspace : List.of(inOrder, reversed, oldReversed)) {
            assertThat(credits.balance(workspace))
                    .as("balance of %s", workspace)
                    .isEqualTo(50);
            assertThat(payments.list(workspace, 10)).singleElement().satisfies(p -> {
                assertThat(p.refunded().amount()).isEqualTo(1900);
                assertThat(p.creditsGranted()).isEqualTo(1000);
                assertThat(p.creditsClawedBack()).isEqualTo(1000);
            });
            assertThat(credits.ledger(workspace, null, 10).items())
                    .extracting(LedgerEntry::amount)
                    .containsExactlyInAnyOrder(50L, 1000L, -500L, -500L);
            assertThat(credits.check(workspace).holds()).isTrue();
        }
    }

    @Test
    void aRefundOfAPaymentRecordedBeforeItsIntentWasKnownWaitsForInvoicePaymentPaid() {
        var workspace = WorkspaceId.newId();
        credits.grantSignupCredits(workspace);
        long t = now();
        deliverOk(currentEvent(
                "evt_w1", "invoice.paid", t, currentInvoice(workspace, "in_wait", "sub_wait", "starter", 1900, t)));
        var refunded = deliverOk(
                currentEvent("evt_w2", "charge.refunded", t + 2, currentCharge("pi_wait", "ch_wait", 1900, 1900)));
        assertThat(refunded.json().path("outcome").asString()).isEqualTo("pending");
        assertThat(credits.balance(workspace)).isEqualTo(1050);

        deliverOk(currentEvent("evt_w3", "invoice_payment.paid", t + 1, invoicePayment("in_wait", "pi_wait", 1900, t)));

        assertThat(credits.balance(workspace)).isEqualTo(50);
        assertThat(eventLog.outcomeOf(PaymentProvider.STRIPE, "evt_w2")).hasValue("applied");
        assertThat(pendingRefunds.count(PaymentProvider.STRIPE)).isZero();
    }

    private List<String> currentPaidThenRefunded(WorkspaceId workspace, String name) {
        long t = now();
        String invoice = "in_" + name;
        return List.of(
                currentEvent(
                        name + "_1",
                        "invoice.paid",
                        t,
                        currentInvoice(workspace, invoice, "sub_" + name, "starter", 1900, t)),
                currentEvent(name + "_2", "invoice_payment.paid", t, invoicePayment(invoice, "pi_" + name, 1900, t)),
                currentEvent(
                        name + "_3", "charge.refunded", t + 2, currentCharge("pi_" + name, "ch_" + name, 1900, 950)),
                currentEvent(
                        name + "_4", "charge.refunded", t + 3, currentCharge("pi_" + name, "ch_" + name, 1900, 1900)));
    }

    @SafeVarargs
    private static List<String> concat(List<String>... lists) {
        List<String> all = new ArrayList<>();
        for (List<String> list : lists) {
            all.addAll(list);
        }
        return all;
    }

    HttpApi.Response deliverOk(String body) {
        var answer = deliver(body);
        assertThat(answer.status()).as(answer::body).isEqualTo(200);
        return answer;
    }

    @Test
    void aPlanSwitchedInThePortalFollowsTheItemsPrice() {
        var workspace = WorkspaceId.newId();
        long t = now();
        deliver(event("evt_sw1", "checkout.session.completed", t, checkoutSession(workspace, "sub_sw", "starter")));
        var updated = subscription(workspace, "sub_sw", "starter", "active"); // metadata still says starter
        updated.put(
                "items",
                java.util.Map.of(
                        "data",
                        List.of(java.util.Map.of(
                                "price", java.util.Map.of("id", "price_x", "unit_amount", 7900, "currency", "usd")))));

        deliver(event("evt_sw2", "customer.subscription.updated", t + 1, updated));

        assertThat(subscriptions.current(workspace).orElseThrow().plan()).isEqualTo("pro");
        assertThat(quotas.planOf(workspace).id()).isEqualTo("pro");
    }

    @Test
    void unknownEventTypesAreAcknowledgedAndStored() {
        var answer = deliver(event("evt_other", "customer.created", now(), java.util.Map.of("id", "cus_1")));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().path("outcome").asString()).isEqualTo("ignored");
        assertThat(eventLog.count(PaymentProvider.STRIPE)).isEqualTo(1);
    }

    private List<String> lifecycle(WorkspaceId workspace, String sub) {
        long t = now();
        return List.of(
                event(sub + "_1", "checkout.session.completed", t, checkoutSession(workspace, sub, "starter")),
                event(sub + "_2", "invoice.paid", t + 1, invoice(workspace, "in_" + sub, sub, "starter", 1900, t)),
                event(
                        sub + "_3",
                        "customer.subscription.updated",
                        t + 2,
                        subscription(workspace, sub, "starter", "active")),
                event(
                        sub + "_4",
                        "customer.subscription.deleted",
                        t + 3,
                        subscription(workspace, sub, "starter", "canceled")));
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }

    HttpApi.Response deliver(String body) {
        return send(body, ProviderSignatures.stripe(body, BillingTestConfiguration.STRIPE_NEW_SECRET, now()));
    }

    HttpApi.Response send(String body, String signature) {
        var call = api.post(PATH, body);
        if (signature != null) {
            call.header("Stripe-Signature", signature);
        }
        return call.send();
    }

    static <T> List<T> concurrently(int n, java.util.concurrent.Callable<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
