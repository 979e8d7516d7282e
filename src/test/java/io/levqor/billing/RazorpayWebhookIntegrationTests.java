package io.levqor.billing;

import static io.levqor.billing.RazorpayEvents.event;
import static io.levqor.billing.RazorpayEvents.payment;
import static io.levqor.billing.RazorpayEvents.refund;
import static io.levqor.billing.RazorpayEvents.subscription;
import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.billing.jdbc.PendingRefunds;
import io.levqor.billing.jdbc.WebhookEventLog;
import io.levqor.shared.WorkspaceId;
import io.levqor.support.HttpApi;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.support.MutableClock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@LevqorIntegrationTest
class RazorpayWebhookIntegrationTests {

    static final String PATH = "/billing/webhooks/razorpay";

    @Autowired
    HttpApi api;

    @Autowired
    MutableClock clock;

    @Autowired
    Credits credits;

    @Autowired
    Quotas quotas;

    @Autowired
    Subscriptions subscriptions;

    @Autowired
    Payments payments;

    @Autowired
    WebhookEventLog eventLog;

    @Autowired
    PendingRefunds pendingRefunds;

    @Test
    void anActivatedAndChargedSubscriptionGrantsCreditsOnce() throws Exception {
        var workspace = WorkspaceId.newId();
        credits.grantSignupCredits(workspace);
        long t = now();
        deliver(
                "evt_act",
                event(
                        "subscription.activated",
                        t,
                        Map.of("subscription", subscription(workspace, "sub_r1", "starter", "active", t))));
        String charged = event(
                "subscription.charged",
                t + 1,
                Map.of(
                        "subscription", subscription(workspace, "sub_r1", "starter", "active", t),
                        "payment", payment("pay_r1", 149_900, "captured")));

        List<Integer> statuses = StripeWebhookIntegrationTests.concurrently(
                10, () -> deliver("evt_chg", charged).status());

        assertThat(statuses).containsOnly(200);
        assertThat(quotas.planOf(workspace).id()).isEqualTo("starter");
        assertThat(credits.balance(workspace)).isEqualTo(50 + 1000);
        assertThat(payments.list(workspace, 10))
                .singleElement()
                .satisfies(p -> assertThat(p.amount().toString()).isEqualTo("149900 INR"));
        assertThat(eventLog.count(PaymentProvider.RAZORPAY)).isEqualTo(2);
    }

    @Test
    void badSignaturesAnswer400AndStoreNothing() {
        var workspace = WorkspaceId.newId();
        String body = event(
                "subscription.activated",
                now(),
                Map.of("subscription", subscription(workspace, "sub_bad", "pro", "active", now())));
        String good = ProviderSignatures.razorpay(body, BillingTestConfiguration.RAZORPAY_SECRET);

        List<HttpApi.Response> answers = List.of(
                send("evt_1", body, ProviderSignatures.razorpay(body, "wrong_secret")),
                send("evt_2", body, good.substring(0, 40)),
                send("evt_3", body.replace("pro", "business"), good),
                send("evt_4", body, null));

        assertThat(answers).allSatisfy(r -> assertThat(r.status()).isEqualTo(400));
        assertThat(eventLog.count(PaymentProvider.RAZORPAY)).isZero();
        assertThat(subscriptions.current(workspace)).isEmpty();
    }

    @Test
    void haltedIsPastDueAndCancelledFallsBackToFree() {
        var workspace = WorkspaceId.newId();
        long t = now();
        deliver(
                "e1",
                event(
                        "subscription.activated",
                        t,
                        Map.of("subscription", subscription(workspace, "sub_h", "pro", "active", t))));
        deliver(
                "e2",
                event(
                        "payment.failed",
                        t + 1,
                        Map.of(
                                "subscription",
                                subscription(workspace, "sub_h", "pro", "pending", t),
                                "payment",
                                payment("pay_f", 599_900, "failed"))));
        assertThat(subscriptions.current(workspace).orElseThrow().state()).isEqualTo(SubscriptionState.PAST_DUE);
        deliver(
                "e3",
                event(
                        "subscription.halted",
                        t + 2,
                        Map.of("subscription", subscription(workspace, "sub_h", "pro", "halted", t))));
        assertThat(quotas.planOf(workspace).id()).isEqualTo("pro");

        deliver(
                "e4",
                event(
                        "subscription.cancelled",
                        t + 3,
                        Map.of("subscription", subscription(workspace, "sub_h", "pro", "cancelled", t))));

        assertThat(subscriptions.current(workspace).orElseThrow().state()).isEqualTo(SubscriptionState.CANCELED);
        assertThat(quotas.planOf(workspace).id()).isEqualTo("free");
    }

    @Test
    void aProcessedRefundClawsBackItsShareOnce() {
        var workspace = WorkspaceId.newId();
        credits.grantSignupCredits(workspace);
        long t = now();
        deliver(
                "c1",
                event(
                        "subscription.charged",
                        t,
                        Map.of(
                                "subscription",
                                subscription(workspace, "sub_rf", "starter", "active", t),
                                "payment",
                                payment("pay_rf", 149_900, "captured"))));
        String refunded = event("refund.processed", t + 1, Map.of("refund", refund("rfnd_1", "pay_rf", 149_900)));

        deliver("r1", refunded);
        deliver("r1-redelivered-under-another-id", refunded);

        assertThat(credits.balance(workspace)).isEqualTo(50);
        assertThat(credits.check(workspace).holds()).isTrue();
    }

    @Test
    void aRefundBeforeItsPaymentEndsInTheSameBalanceAsInOrderAndReplaysChangeNothing() {
        var inOrder = WorkspaceId.newId();
        var reversed = WorkspaceId.newId();
        credits.grantSignupCredits(inOrder);
        credits.grantSignupCredits(reversed);
        Map<String, String> forward = chargedThenRefunded(inOrder, "fw");
        Map<String, String> backward = chargedThenRefunded(reversed, "bw");

        forward.forEach((id, body) -> assertThat(deliver(id, body).status()).isEqualTo(200));
        var ids = new java.util.ArrayList<>(backward.keySet());
        java.util.Collections.reverse(ids);
        assertThat(deliver(ids.get(0), backward.get(ids.get(0)))
                        .json()
                        .path("outcome")
                        .asString())
                .isEqualTo("pending");
        assertThat(credits.balance(reversed)).isEqualTo(50);
        ids.subList(1, ids.size())
                .forEach(
                        id -> assertThat(deliver(id, backward.get(id)).status()).isEqualTo(200));
        assertThat(eventLog.outcomeOf(PaymentProvider.RAZORPAY, ids.get(0))).hasValue("applied");
        assertThat(pendingRefunds.count(PaymentProvider.RAZORPAY)).isZero();
        // everything again, and the second refund redelivered under another event id
        forward.forEach((id, body) ->
                assertThat(deliver(id, body).json().path("outcome").asString()).isEqualTo("duplicate"));
        backward.forEach((id, body) ->
                assertThat(deliver(id, body).json().path("outcome").asString()).isEqualTo("duplicate"));
        deliver("bw-r2-again", backward.get("bw-r2"));

        for (var workspace : List.of(inOrder, reversed)) {
            assertThat(credits.balance(workspace)).isEqualTo(50);
            assertThat(payments.list(workspace, 10)).singleElement().satisfies(p -> {
                assertThat(p.refunded().amount()).isEqualTo(149_900);
                assertThat(p.creditsClawedBack()).isEqualTo(1000);
            });
            assertThat(credits.ledger(workspace, null, 10).items())
                    .extracting(LedgerEntry::amount)
                    .containsExactlyInAnyOrder(50L, 1000L, -500L, -500L);
            assertThat(credits.check(workspace).holds()).isTrue();
        }
    }

    // A charge and two refunds of half each (the second refund's event carries the payment and its total).
    private Map<String, String> chargedThenRefunded(WorkspaceId workspace, String name) {
        long t = now();
        var payment = new java.util.LinkedHashMap<>(RazorpayEvents.payment("pay_" + name, 149_900, "refunded"));
        @SuppressWarnings("unchecked")
        var entity = new java.util.LinkedHashMap<>((Map<String, Object>) payment.get("entity"));
        entity.put("amount_refunded", 149_900);
        entity.put("refund_status", "full");
        payment.put("entity", entity);
        var events = new java.util.LinkedHashMap<String, String>();
        events.put(
                name + "-charged",
                event(
                        "subscription.charged",
                        t,
                        Map.of(
                                "subscription",
                                subscription(workspace, "sub_" + name, "starter", "active", t),
                                "payment",
                                payment("pay_" + name, 149_900, "captured"))));
        events.put(
                name + "-r1",
                event(
                        "refund.processed",
                        t + 1,
                        Map.of("refund", refund("rfnd_" + name + "1", "pay_" + name, 74_950))));
        events.put(
                name + "-r2",
                event(
                        "refund.processed",
                        t + 2,
                        Map.of("refund", refund("rfnd_" + name + "2", "pay_" + name, 74_950), "payment", payment)));
        return events;
    }

    @Test
    void eventsOutOfOrderDoNotReviveACancelledSubscription() {
        var workspace = WorkspaceId.newId();
        long t = now();
        deliver(
                "o2",
                event(
                        "subscription.cancelled",
                        t + 5,
                        Map.of("subscription", subscription(workspace, "sub_o", "pro", "cancelled", t))));
        deliver(
                "o1",
                event(
                        "subscription.activated",
                        t,
                        Map.of("subscription", subscription(workspace, "sub_o", "pro", "active", t))));

        assertThat(subscriptions.current(workspace).orElseThrow().state()).isEqualTo(SubscriptionState.CANCELED);
        assertThat(quotas.planOf(workspace).id()).isEqualTo("free");
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }

    HttpApi.Response deliver(String eventId, String body) {
        return send(eventId, body, ProviderSignatures.razorpay(body, BillingTestConfiguration.RAZORPAY_SECRET));
    }

    HttpApi.Response send(String eventId, String body, String signature) {
        var call = api.post(PATH, body).header("X-Razorpay-Event-Id", eventId);
        if (signature != null) {
            call.header("X-Razorpay-Signature", signature);
        }
        return call.send();
    }
}
