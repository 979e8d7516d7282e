package io.levqor.billing.internal;

import io.levqor.billing.PaymentProvider;
import io.levqor.billing.PaymentProviderError;
import io.levqor.billing.Plan;
import io.levqor.shared.Money;
import io.levqor.shared.WorkspaceId;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/** Razorpay's REST API: JSON bodies, HTTP basic auth with the key id and secret. */
@Component
public class RazorpayClient {

    /** A created subscription and the hosted page where the customer authorises it. */
    public record Subscription(String id, String shortUrl) {}

    /** A refund Razorpay made. */
    public record Refund(String id, long amount) {}

    /** How many monthly charges a subscription is created for (Razorpay requires a count). */
    static final int TOTAL_COUNT = 120;

    private final BillingSettings settings;
    private final ProviderHttp http;

    public RazorpayClient(BillingSettings settings, ProviderHttp http) {
        this.settings = settings;
        this.http = http;
    }

    /** Creates a monthly plan object for {@code plan} at {@code price}; returns its id. */
    public String createPlan(Plan plan, Money price) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("name", "Levqor " + plan.name());
        item.put("amount", price.amount());
        item.put("currency", price.currency().getCurrencyCode());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("period", "monthly");
        body.put("interval", 1);
        body.put("item", item);
        body.put("notes", Map.of("levqor_plan", plan.id()));
        JsonNode created = http.postJson(PaymentProvider.RAZORPAY, uri("/v1/plans"), auth(), body);
        return required(created, "id");
    }

    /** A subscription whose notes carry the workspace and plan, so its events can be traced back. */
    public Subscription createSubscription(String razorpayPlanId, WorkspaceId workspace, Plan plan) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("plan_id", razorpayPlanId);
        body.put("total_count", TOTAL_COUNT);
        body.put("quantity", 1);
        body.put("customer_notify", 1);
        body.put("notes", Map.of("workspace_id", workspace.toString(), "plan", plan.id()));
        JsonNode created = http.postJson(PaymentProvider.RAZORPAY, uri("/v1/subscriptions"), auth(), body);
        return new Subscription(required(created, "id"), required(created, "short_url"));
    }

    public Refund refund(String paymentId, long amount) {
        JsonNode refund = http.postJson(
                PaymentProvider.RAZORPAY,
                uri("/v1/payments/" + paymentId + "/refund"),
                auth(),
                Map.of("amount", amount));
        return new Refund(required(refund, "id"), refund.path("amount").asLong(amount));
    }

    private java.net.URI uri(String path) {
        return ProviderHttp.resolve(settings.razorpay().apiBase(), path);
    }

    private String auth() {
        var razorpay = settings.razorpay();
        if (razorpay.keyId().isBlank() || razorpay.keySecret().isBlank()) {
            throw PaymentProviderError.notConfigured(
                    PaymentProvider.RAZORPAY, "LEVQOR_RAZORPAY_KEY_ID and LEVQOR_RAZORPAY_KEY_SECRET");
        }
        String pair = razorpay.keyId() + ":" + razorpay.keySecret();
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    private static String required(JsonNode node, String field) {
        String value = node.path(field).asString("");
        if (value.isBlank()) {
            throw PaymentProviderError.failed(PaymentProvider.RAZORPAY, "answer without " + field);
        }
        return value;
    }
}
