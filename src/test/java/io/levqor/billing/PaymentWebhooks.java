package io.levqor.billing;

import io.levqor.shared.WorkspaceId;
import io.levqor.support.HttpApi;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Signed Stripe and Razorpay deliveries for other modules' tests: a subscription paid and refunded through
 * billing's real webhook endpoints, so what they see is what billing publishes.
 */
public final class PaymentWebhooks {

    private final HttpApi api;
    private final Clock clock;

    /** {@code clock} is the application's (signatures are checked against it). */
    public PaymentWebhooks(HttpApi api, Clock clock) {
        this.api = api;
        this.clock = clock;
    }

    /** Stripe: the checkout of {@code subscription} for a workspace on the starter plan. */
    public void stripeCheckout(WorkspaceId workspace, String subscription, long at) {
        stripe(StripeEvents.event(
                "evt_co_" + subscription,
                "checkout.session.completed",
                at,
                StripeEvents.checkoutSession(workspace, subscription, "starter")));
    }

    /** Stripe: {@code invoice.paid} (charge {@code ch_<invoice>}), delivered under {@code eventId}. */
    public void stripeInvoicePaid(
            String eventId,
            WorkspaceId workspace,
            String subscription,
            String invoice,
            long amount,
            String currency,
            long at) {
        Map<String, Object> object =
                new LinkedHashMap<>(StripeEvents.invoice(workspace, invoice, subscription, "starter", amount, at));
        object.put("currency", currency);
        stripe(StripeEvents.event(eventId, "invoice.paid", at, object));
    }

    /** Stripe: {@code charge.refunded} with the charge's running refunded total. */
    public void stripeRefunded(String eventId, String invoice, long amount, long refundedTotal, long at) {
        stripe(StripeEvents.event(eventId, "charge.refunded", at, StripeEvents.charge(invoice, amount, refundedTotal)));
    }

    /** Razorpay: an activated subscription charged {@code amount} paise by {@code payment}. */
    public void razorpayCharged(WorkspaceId workspace, String subscription, String payment, long amount, long at) {
        razorpay(
                "evt_act_" + subscription,
                RazorpayEvents.event(
                        "subscription.activated",
                        at,
                        Map.of(
                                "subscription",
                                RazorpayEvents.subscription(workspace, subscription, "starter", "active", at))));
        @SuppressWarnings("unchecked")
        Map<String, Object> entity = new LinkedHashMap<>((Map<String, Object>)
                RazorpayEvents.payment(payment, amount, "captured").get("entity"));
        entity.put("created_at", at);
        razorpay(
                "evt_chg_" + payment,
                RazorpayEvents.event(
                        "subscription.charged",
                        at,
                        Map.of(
                                "subscription",
                                RazorpayEvents.subscription(workspace, subscription, "starter", "active", at),
                                "payment",
                                Map.of("entity", entity))));
    }

    /** Razorpay: {@code refund.processed} of {@code amount} paise. */
    public void razorpayRefunded(String refund, String payment, long amount, long at) {
        razorpay(
                "evt_" + refund,
                RazorpayEvents.event(
                        "refund.processed", at, Map.of("refund", RazorpayEvents.refund(refund, payment, amount))));
    }

    /**
     * Stripe: {@code charge.dispute.created} (a dispute object, as Stripe sends it) of {@code amount} against the
     * invoice's charge {@code ch_<invoice>}, delivered under {@code eventId}.
     */
    public void stripeDisputed(String eventId, String dispute, String invoice, long amount, String currency, long at) {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("id", dispute);
        object.put("object", "dispute");
        object.put("amount", amount);
        object.put("currency", currency);
        object.put("charge", "ch_" + invoice);
        object.put("payment_intent", "pi_" + invoice);
        object.put("reason", "fraudulent");
        object.put("status", "needs_response");
        object.put("is_charge_refundable", false);
        object.put("created", at);
        stripe(StripeEvents.event(eventId, "charge.dispute.created", at, object));
    }

    /**
     * Razorpay: {@code payment.dispute.<event>} ({@code created} or {@code lost}) of {@code amount} paise against
     * {@code payment}, delivered under {@code eventId}, with the payment and dispute entities as Razorpay sends them.
     */
    public void razorpayDispute(String eventId, String event, String dispute, String payment, long amount, long at) {
        boolean lost = event.equals("lost");
        Map<String, Object> entity = new LinkedHashMap<>();
        entity.put("id", dispute);
        entity.put("entity", "dispute");
        entity.put("payment_id", payment);
        entity.put("amount", amount);
        entity.put("currency", "INR");
        entity.put("amount_deducted", lost ? amount : 0);
        entity.put("reason_code", "chargeback_request");
        entity.put("respond_by", at + 7 * 86_400);
        entity.put("status", lost ? "lost" : "open");
        entity.put("phase", "chargeback");
        entity.put("created_at", at);
        razorpay(
                eventId,
                RazorpayEvents.event(
                        "payment.dispute." + event,
                        at,
                        Map.of(
                                "payment",
                                RazorpayEvents.payment(payment, amount, "captured"),
                                "dispute",
                                Map.of("entity", entity))));
    }

    /** Delivers a Stripe event body, signed; fails unless it is answered 200. */
    public void stripe(String body) {
        long now = clock.instant().getEpochSecond();
        var answer = api.post(StripeWebhookIntegrationTests.PATH, body)
                .header(
                        "Stripe-Signature",
                        ProviderSignatures.stripe(body, BillingTestConfiguration.STRIPE_NEW_SECRET, now))
                .send();
        if (answer.status() != 200) {
            throw new IllegalStateException("Stripe delivery refused: " + answer);
        }
    }

    /** Delivers a Razorpay event body under {@code eventId}, signed; fails unless it is answered 200. */
    public void razorpay(String eventId, String body) {
        var answer = api.post(RazorpayWebhookIntegrationTests.PATH, body)
                .header("X-Razorpay-Event-Id", eventId)
                .header(
                        "X-Razorpay-Signature",
                        ProviderSignatures.razorpay(body, BillingTestConfiguration.RAZORPAY_SECRET))
                .send();
        if (answer.status() != 200) {
            throw new IllegalStateException("Razorpay delivery refused: " + answer);
        }
    }
}
