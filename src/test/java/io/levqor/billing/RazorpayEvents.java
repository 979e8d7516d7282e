package io.levqor.billing;

import io.levqor.shared.WorkspaceId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** Razorpay webhook bodies shaped like Razorpay's ({@code entity: event}, {@code payload.<thing>.entity}). */
final class RazorpayEvents {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private RazorpayEvents() {}

    static String event(String type, long createdAt, Map<String, Object> payload) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("entity", "event");
        event.put("account_id", "acc_test");
        event.put("event", type);
        event.put("contains", List.copyOf(payload.keySet()));
        event.put("payload", payload);
        event.put("created_at", createdAt);
        return JSON.writeValueAsString(event);
    }

    static Map<String, Object> subscription(WorkspaceId workspace, String id, String plan, String status, long start) {
        Map<String, Object> entity = new LinkedHashMap<>();
        entity.put("id", id);
        entity.put("entity", "subscription");
        entity.put("plan_id", "plan_test");
        entity.put("customer_id", "cust_" + id);
        entity.put("status", status);
        entity.put("current_start", start);
        entity.put("current_end", start + 30 * 86_400);
        entity.put("notes", Map.of("workspace_id", workspace.toString(), "plan", plan));
        return Map.of("entity", entity);
    }

    static Map<String, Object> payment(String id, long amount, String status) {
        Map<String, Object> entity = new LinkedHashMap<>();
        entity.put("id", id);
        entity.put("entity", "payment");
        entity.put("amount", amount);
        entity.put("currency", "INR");
        entity.put("status", status);
        entity.put("invoice_id", "inv_" + id);
        entity.put("method", "card");
        entity.put("amount_refunded", 0);
        entity.put("created_at", 1_700_000_000L);
        if (status.equals("failed")) {
            entity.put("error_description", "Payment declined by the bank");
        }
        return Map.of("entity", entity);
    }

    static Map<String, Object> refund(String id, String payment, long amount) {
        Map<String, Object> entity = new LinkedHashMap<>();
        entity.put("id", id);
        entity.put("entity", "refund");
        entity.put("amount", amount);
        entity.put("currency", "INR");
        entity.put("payment_id", payment);
        entity.put("status", "processed");
        return Map.of("entity", entity);
    }
}
