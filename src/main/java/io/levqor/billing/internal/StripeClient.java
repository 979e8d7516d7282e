package io.levqor.billing.internal;

import io.levqor.billing.PaymentProvider;
import io.levqor.billing.PaymentProviderError;
import io.levqor.billing.Plan;
import io.levqor.shared.Money;
import io.levqor.shared.WorkspaceId;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/** Stripe's REST API: form-encoded requests, the secret key as a bearer token. */
@Component
public class StripeClient {

    /** What a created checkout or portal session answered. */
    public record Session(String id, String url) {}

    /** A refund Stripe made. */
    public record Refund(String id, long amount) {}

    private final BillingSettings settings;
    private final ProviderHttp http;

    public StripeClient(BillingSettings settings, ProviderHttp http) {
        this.settings = settings;
        this.http = http;
    }

    /**
     * A Checkout Session in subscription mode. The workspace id travels as {@code client_reference_id} and in the
     * metadata of the session and of the subscription it creates, so every later event can be traced to it.
     */
    public Session createCheckoutSession(
            WorkspaceId workspace,
            Plan plan,
            Money price,
            @Nullable String customerId,
            String successUrl,
            String cancelUrl,
            @Nullable String stripePriceId) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("mode", "subscription");
        form.put("success_url", successUrl);
        form.put("cancel_url", cancelUrl);
        form.put("client_reference_id", workspace.toString());
        form.put("metadata[workspace_id]", workspace.toString());
        form.put("metadata[plan]", plan.id());
        form.put("subscription_data[metadata][workspace_id]", workspace.toString());
        form.put("subscription_data[metadata][plan]", plan.id());
        if (customerId != null) {
            form.put("customer", customerId);
        }
        form.put("line_items[0][quantity]", "1");
        if (stripePriceId != null && !stripePriceId.isBlank()) {
            form.put("line_items[0][price]", stripePriceId);
        } else {
            form.put(
                    "line_items[0][price_data][currency]",
                    price.currency().getCurrencyCode().toLowerCase(Locale.ROOT));
            form.put("line_items[0][price_data][unit_amount]", Long.toString(price.amount()));
            form.put("line_items[0][price_data][recurring][interval]", "month");
            form.put("line_items[0][price_data][product_data][name]", "Levqor " + plan.name());
        }
        JsonNode session = http.postForm(PaymentProvider.STRIPE, uri("/v1/checkout/sessions"), auth(), form, null);
        return new Session(required(session, "id"), required(session, "url"));
    }

    /** A customer-portal session where the customer manages cards, invoices and cancellation. */
    public Session createPortalSession(String customerId, String returnUrl) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("customer", customerId);
        form.put("return_url", returnUrl);
        JsonNode session =
                http.postForm(PaymentProvider.STRIPE, uri("/v1/billing_portal/sessions"), auth(), form, null);
        return new Session(required(session, "id"), required(session, "url"));
    }

    /**
     * Refunds {@code amount} of a payment: by its payment intent ({@code pi_…}) when it has one, else by its charge
     * (a charge made without an intent). Never by an invoice id, which Stripe would refuse.
     *
     * @param idempotencyKey makes a retried request refund once
     */
    public Refund refund(@Nullable String paymentIntent, @Nullable String charge, long amount, String idempotencyKey) {
        Map<String, String> form = new LinkedHashMap<>();
        if (paymentIntent != null) {
            form.put("payment_intent", paymentIntent);
        } else if (charge != null) {
            form.put("charge", charge);
        } else {
            throw new IllegalArgumentException("a Stripe refund needs a payment intent or a charge");
        }
        form.put("amount", Long.toString(amount));
        JsonNode refund = http.postForm(PaymentProvider.STRIPE, uri("/v1/refunds"), auth(), form, idempotencyKey);
        return new Refund(required(refund, "id"), refund.path("amount").asLong(amount));
    }

    private java.net.URI uri(String path) {
        return ProviderHttp.resolve(settings.stripe().apiBase(), path);
    }

    private String auth() {
        String key = settings.stripe().secretKey();
        if (key.isBlank()) {
            throw PaymentProviderError.notConfigured(PaymentProvider.STRIPE, "LEVQOR_STRIPE_SECRET_KEY");
        }
        return "Bearer " + key;
    }

    private static String required(JsonNode node, String field) {
        String value = node.path(field).asString("");
        if (value.isBlank()) {
            throw PaymentProviderError.failed(PaymentProvider.STRIPE, "answer without " + field);
        }
        return value;
    }
}
