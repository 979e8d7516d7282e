package io.levqor.billing;

import io.levqor.shared.WorkspaceId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** Stripe event bodies shaped like the ones Stripe sends (the fields Levqor reads, and some it does not). */
final class StripeEvents {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private StripeEvents() {}

    static String event(String id, String type, long created, Map<String, Object> object) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("id", id);
        event.put("object", "event");
        event.put("api_version", "2024-06-20");
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
}
