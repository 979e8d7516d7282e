package io.levqor.billing.internal;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Billing's settings, bound to {@code levqor.billing.*}.
 *
 * @param enabled false turns plans, credits and caps off (admission always passes)
 * @param gracePeriod how long a past-due subscription keeps its plan before it expires and falls back to free
 * @param freePlan the plan every workspace starts on and falls back to
 * @param checkoutSuccessPath where the provider's hosted page sends the payer back (a path of this Levqor)
 * @param checkoutCancelPath where it sends them when they give up
 */
@ConfigurationProperties("levqor.billing")
public record BillingSettings(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("7d") Duration gracePeriod,
        @DefaultValue("free") String freePlan,
        @DefaultValue("/console/billing?checkout=success") String checkoutSuccessPath,
        @DefaultValue("/console/billing?checkout=cancelled") String checkoutCancelPath,
        List<PlanSettings> plans,
        @DefaultValue Stripe stripe,
        @DefaultValue Razorpay razorpay) {

    public BillingSettings {
        plans = plans == null ? List.of() : List.copyOf(plans);
    }

    /**
     * One plan.
     *
     * @param signupCredits granted once when a workspace starts on this plan (the free plan's 50)
     * @param monthlyCredits granted once per paid invoice
     * @param dailyRunCap runs a workspace may start per UTC day; null means no cap
     * @param prices amount in minor units per ISO currency code
     * @param stripePriceId an existing Stripe price; when absent the checkout sends the price inline
     * @param razorpayPlanId an existing Razorpay plan; when absent one is created on first checkout
     */
    public record PlanSettings(
            String id,
            String name,
            @DefaultValue("0") long signupCredits,
            @DefaultValue("0") long monthlyCredits,
            @Nullable Integer dailyRunCap,
            @DefaultValue RateLimitSettings rateLimit,
            @Nullable String tier,
            Map<String, Long> prices,
            @Nullable String stripePriceId,
            @Nullable String razorpayPlanId) {

        public PlanSettings {
            prices = prices == null ? Map.of() : Map.copyOf(prices);
        }
    }

    /** Requests per window for the plan's API rate limit. */
    public record RateLimitSettings(
            @DefaultValue("60") int requests,
            @DefaultValue("1m") Duration per) {}

    /**
     * Stripe.
     *
     * @param webhookSecret one secret, or two comma-separated while rotating
     * @param tolerance how far a signature's timestamp may be from now, either way
     */
    public record Stripe(
            @DefaultValue("") String secretKey,
            @DefaultValue("") String webhookSecret,
            @DefaultValue("https://api.stripe.com") URI apiBase,
            @DefaultValue("5m") Duration tolerance,
            @DefaultValue("usd") String currency) {

        public List<String> webhookSecrets() {
            return splitSecrets(webhookSecret);
        }
    }

    /**
     * Razorpay.
     *
     * @param webhookSecret one secret, or two comma-separated while rotating
     */
    public record Razorpay(
            @DefaultValue("") String keyId,
            @DefaultValue("") String keySecret,
            @DefaultValue("") String webhookSecret,
            @DefaultValue("https://api.razorpay.com") URI apiBase,
            @DefaultValue("INR") String currency) {

        public List<String> webhookSecrets() {
            return splitSecrets(webhookSecret);
        }
    }

    static List<String> splitSecrets(String value) {
        return Arrays.stream(value.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
    }
}
