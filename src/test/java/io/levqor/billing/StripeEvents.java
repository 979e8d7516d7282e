package io.levqor.billing;

import io.levqor.shared.WorkspaceId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stripe event bodies shaped like the ones Stripe sends (the fields Levqor reads, and some it does not): the old
 * shapes (API version 2024-06-20, {@link #invoice}, {@link #charge}) and the current ones (since 2025-03-31.basil;
 * the webhook endpoint is pinned to {@value #CURRENT_API_VERSION}: {@link #currentInvoice}, {@link #invoicePayment},
 * {@link #currentCharge}), after Stripe's API reference for the Invoice, Invoice Payment and Charge objects.
 */
final class StripeEvents {

    /** The API version the webhook endpoint is pinned to (docs/billing.md). */
    static final String CURRENT_API_VERSION = "2026-11-18.endive";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private StripeEvents() {}

    /** An event of the old API version. */
    static String event(String id, String type, long created, Map<String, Object> object) {
        return event(id, type, created, object, "2024-06-20");
    }

    /** An event of the API version the endpoint is pinned to. */
    static String currentEvent(String id, String type, long created, Map<String, Object> object) {
        return event(id, type, created, object, CURRENT_API_VERSION);
    }

    private static String event(String id, String type, long created, Map<String, Object> object, String version) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("id", id);
        event.put("object", "event");
        event.put("api_version", version);
        event.put("created", created);
        event.put("livemode", false);
        event.put("type", type);
        event.put("data", Map.of("object", object));
        return JSON.writeValueAsString(event);
    }

    static Map<String, Object> checkoutSession(WorkspaceId workspace, String subscription, String plan) {
        Map<String, Object> session = new LinkedHashMap<>();
        session.put("id", "cs_" + subscription);
        session.put("object", "checkout.session");
        session.put("mode", "subscription");
        session.put("payment_status", "paid");
        session.put("status", "complete");
        session.put("client_reference_id", workspace.toString());
        session.put("customer", "cus_" + subscription);
        session.put("subscription", subscription);
        session.put("metadata", Map.of("workspace_id", workspace.toString(), "plan", plan));
        return session;
    }

    /** An invoice of the old API version: it names its {@code payment_intent} and {@code charge}. */
    static Map<String, Object> invoice(
            WorkspaceId workspace, String invoice, String subscription, String plan, long amount, long periodStart) {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("id", invoice);
        object.put("object", "invoice");
        object.put("customer", "cus_" + subscription);
        object.put("subscription", subscription);
        object.put("billing_reason", "subscription_cycle");
        object.put("amount_due", amount);
        object.put("amount_paid", amount);
        object.put("currency", "usd");
        object.put("payment_intent", "pi_" + invoice);
        object.put("charge", "ch_" + invoice);
        object.put("attempt_count", 1);
        object.put("status", "paid");
        object.put("status_transitions", Map.of("paid_at", periodStart));
        object.put(
                "subscription_details", Map.of("metadata", Map.of("workspace_id", workspace.toString(), "plan", plan)));
        object.put(
                "lines",
                Map.of(
                        "object",
                        "list",
                        "data",
                        List.of(Map.of("period", Map.of("start", periodStart, "end", periodStart + 30 * 86_400)))));
        return object;
    }

    static Map<String, Object> failedInvoice(
            WorkspaceId workspace, String invoice, String subscription, String plan, long amount, long periodStart) {
        Map<String, Object> object = invoice(workspace, invoice, subscription, plan, amount, periodStart);
        object.put("amount_paid", 0);
        object.put("status", "open");
        object.put("attempt_count", 2);
        object.remove("status_transitions");
        return object;
    }

    static Map<String, Object> subscription(WorkspaceId workspace, String id, String plan, String status) {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("id", id);
        object.put("object", "subscription");
        object.put("customer", "cus_" + id);
        object.put("status", status);
        object.put("cancel_at_period_end", false);
        object.put("metadata", Map.of("workspace_id", workspace.toString(), "plan", plan));
        return object;
    }

    /** A charge of the old API version, for the invoice's {@code pi_<invoice>} / {@code ch_<invoice>}. */
    static Map<String, Object> charge(String invoice, long amount, long refunded) {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("id", "ch_" + invoice);
        object.put("object", "charge");
        object.put("amount", amount);
        object.put("amount_refunded", refunded);
        object.put("refunded", refunded == amount);
        object.put("currency", "usd");
        object.put("payment_intent", "pi_" + invoice);
        object.put("invoice", invoice);
        return object;
    }

    /**
     * An invoice of API versions since 2025-03-31.basil: no {@code payment_intent}, {@code charge} or {@code paid};
     * the subscription and its metadata under {@code parent.subscription_details}; its payments are not included
     * unless expanded.
     */
    static Map<String, Object> currentInvoice(
            WorkspaceId workspace, String invoice, String subscription, String plan, long amount, long paidAt) {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("id", invoice);
        object.put("object", "invoice");
        object.put("customer", "cus_" + subscription);
        object.put("customer_email", "payer@example.com");
        object.put("billing_reason", "subscription_cycle");
        object.put("collection_method", "charge_automatically");
        object.put("amount_due", amount);
        object.put("amount_paid", amount);
        object.put("amount_overpaid", 0);
        object.put("amount_remaining", 0);
        object.put("currency", "usd");
        object.put("attempt_count", 1);
        object.put("attempted", true);
        object.put("status", "paid");
        object.put("status_transitions", Map.of("finalized_at", paidAt, "paid_at", paidAt));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("metadata", Map.of("workspace_id", workspace.toString(), "plan", plan));
        details.put("subscription", subscription);
        Map<String, Object> parent = new LinkedHashMap<>();
        parent.put("type", "subscription_details");
        parent.put("quote_details", null);
        parent.put("subscription_details", details);
        object.put("parent", parent);
        object.put(
                "lines",
                Map.of(
                        "object",
                        "list",
                        "data",
                        List.of(Map.of(
                                "id",
                                "il_" + invoice,
                                "object",
                                "line_item",
                                "amount",
                                amount,
                                "period",
                                Map.of("start", paidAt, "end", paidAt + 30 * 86_400))),
                        "has_more",
                        false));
        return object;
    }

    /** {@link #currentInvoice} with its {@code payments} included (expanded), as the API answers on request. */
    static Map<String, Object> currentInvoiceWithPayments(
            WorkspaceId workspace,
            String invoice,
            String subscription,
            String plan,
            long amount,
            long paidAt,
            Map<String, Object> payment) {
        Map<String, Object> object = currentInvoice(workspace, invoice, subscription, plan, amount, paidAt);
        object.put(
                "payments",
                Map.of("object", "list", "data", List.of(payment), "has_more", false, "url", "/v1/invoice_payments"));
        return object;
    }

    /** An {@code invoice_payment} (the object of {@code invoice_payment.paid}): the invoice and its payment intent. */
    static Map<String, Object> invoicePayment(String invoice, String paymentIntent, long amount, long paidAt) {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("id", "inpay_" + invoice);
        object.put("object", "invoice_payment");
        object.put("amount_paid", amount);
        object.put("amount_requested", amount);
        object.put("created", paidAt);
        object.put("currency", "usd");
        object.put("invoice", invoice);
        object.put("is_default", true);
        object.put("livemode", false);
        object.put("payment", Map.of("type", "payment_intent", "payment_intent", paymentIntent));
        object.put("status", "paid");
        Map<String, Object> transitions = new LinkedHashMap<>();
        transitions.put("canceled_at", null);
        transitions.put("paid_at", paidAt);
        object.put("status_transitions", transitions);
        return object;
    }

    /** A charge of API versions since basil: it names its payment intent, no longer its invoice. */
    static Map<String, Object> currentCharge(String paymentIntent, String charge, long amount, long refunded) {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("id", charge);
        object.put("object", "charge");
        object.put("amount", amount);
        object.put("amount_captured", amount);
        object.put("amount_refunded", refunded);
        object.put("captured", true);
        object.put("currency", "usd");
        object.put("paid", true);
        object.put("payment_intent", paymentIntent);
        object.put("refunded", refunded == amount);
        object.put("status", "succeeded");
        return object;
    }
}
