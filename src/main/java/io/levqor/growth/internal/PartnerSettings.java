package io.levqor.growth.internal;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Partner programme settings, bound to {@code levqor.growth.partners.*}.
 *
 * @param rateBps the commission of a new partner, in basis points (2000 = 20 %); the operator may set another per
 *     partner
 * @param months how many months after attribution a customer's invoices earn commission
 * @param attributionWindow how long after a click on a partner's link a signup is attributed to that partner
 * @param hold how long an earned commission waits (the refund window) before it is payable
 * @param thresholds the least payable balance paid out, per currency, in minor units; a currency not listed is
 *     never paid out automatically
 * @param stripeApiBase where Stripe's API is (billing's {@code levqor.billing.stripe.api-base} by default)
 * @param stripeSecretKey the platform's Stripe secret key (billing's by default); blank: every payout is manual
 * @param maxAttempts transfer attempts before a payout is failed and reported
 * @param retryDelay the wait between two attempts of a payout's transfer
 * @param sweepInterval how often payable balances are paid out and pending transfers sent
 */
@ConfigurationProperties("levqor.growth.partners")
public record PartnerSettings(
        @DefaultValue("2000") int rateBps,
        @DefaultValue("12") int months,
        @DefaultValue("90d") Duration attributionWindow,
        @DefaultValue("30d") Duration hold,
        @Nullable Map<String, Long> thresholds,
        @DefaultValue("https://api.stripe.com") URI stripeApiBase,
        @DefaultValue("") String stripeSecretKey,
        @DefaultValue("5") int maxAttempts,
        @DefaultValue("10m") Duration retryDelay,
        @DefaultValue("1h") Duration sweepInterval) {

    public PartnerSettings {
        if (rateBps < 0 || rateBps > 10_000) {
            throw new IllegalArgumentException("levqor.growth.partners.rate-bps must be between 0 and 10000");
        }
        if (months < 1) {
            throw new IllegalArgumentException("levqor.growth.partners.months must be at least 1");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("levqor.growth.partners.max-attempts must be at least 1");
        }
        Map<String, Long> upper = new TreeMap<>();
        (thresholds == null ? Map.of("USD", 5000L, "EUR", 5000L, "GBP", 5000L) : thresholds)
                .forEach((currency, amount) -> {
                    if (amount == null || amount < 1) {
                        throw new IllegalArgumentException(
                                "levqor.growth.partners.thresholds." + currency + " must be at least 1");
                    }
                    upper.put(currency.toUpperCase(Locale.ROOT), amount);
                });
        thresholds = Map.copyOf(upper);
    }

    /** The threshold of a currency, or null when it is never paid out automatically. */
    public @Nullable Long threshold(String currency) {
        return thresholds().get(currency.toUpperCase(Locale.ROOT));
    }

    @Override
    public Map<String, Long> thresholds() {
        return thresholds == null ? Map.of() : thresholds;
    }

    /** These settings with another hold and thresholds (tests). */
    public PartnerSettings with(Duration newHold, Map<String, Long> newThresholds) {
        return new PartnerSettings(
                rateBps,
                months,
                attributionWindow,
                newHold,
                newThresholds,
                stripeApiBase,
                stripeSecretKey,
                maxAttempts,
                retryDelay,
                sweepInterval);
    }

    /** These settings with another Stripe endpoint (tests). */
    public PartnerSettings withStripe(URI base, String key) {
        return new PartnerSettings(
                rateBps,
                months,
                attributionWindow,
                hold,
                thresholds,
                base,
                key,
                maxAttempts,
                retryDelay,
                sweepInterval);
    }
}
