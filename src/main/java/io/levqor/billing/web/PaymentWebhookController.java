package io.levqor.billing.web;

import io.levqor.billing.internal.RazorpayWebhooks;
import io.levqor.billing.internal.StripeWebhooks;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The providers' webhooks. Public (no token): the signature over the raw bytes is the authentication, so the body
 * is taken as bytes, never re-serialised.
 */
@RestController
class PaymentWebhookController {

    private final StripeWebhooks stripe;
    private final RazorpayWebhooks razorpay;

    PaymentWebhookController(StripeWebhooks stripe, RazorpayWebhooks razorpay) {
        this.stripe = stripe;
        this.razorpay = razorpay;
    }

    @PostMapping("/billing/webhooks/stripe")
    Map<String, Object> stripe(
            @RequestBody(required = false) byte @Nullable [] body,
            @RequestHeader(name = "Stripe-Signature", required = false) @Nullable String signature) {
        String outcome = stripe.receive(body == null ? new byte[0] : body, signature);
        return Map.of("received", true, "outcome", outcome);
    }

    @PostMapping("/billing/webhooks/razorpay")
    Map<String, Object> razorpay(
            @RequestBody(required = false) byte @Nullable [] body,
            @RequestHeader(name = "X-Razorpay-Signature", required = false) @Nullable String signature,
            @RequestHeader(name = "X-Razorpay-Event-Id", required = false) @Nullable String eventId) {
        String outcome = razorpay.receive(body == null ? new byte[0] : body, signature, eventId);
        return Map.of("received", true, "outcome", outcome);
    }
}
