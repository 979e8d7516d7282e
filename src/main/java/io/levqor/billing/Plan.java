package io.levqor.billing;

import io.levqor.shared.Money;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A plan as configured under {@code levqor.billing.plans}.
 *
 * @param signupCredits granted once when a workspace is created (free plan)
 * @param monthlyCredits granted once per paid billing period
 * @param dailyRunCap runs per UTC day; null when the plan has no cap
 * @param tier the rate-limit tier the API applies to the workspace
 * @param prices one price per currency, in minor units
 */
public record Plan(
        String id,
        String name,
        long signupCredits,
        long monthlyCredits,
        @Nullable Integer dailyRunCap,
        RateLimit rateLimit,
        String tier,
        List<Money> prices) {

    public Plan {
        prices = List.copyOf(prices);
    }

    public Optional<Money> price(String currency) {
        return prices.stream()
                .filter(p -> p.currency().getCurrencyCode().equalsIgnoreCase(currency))
                .findFirst();
    }

    /** A plan costs nothing when none of its prices is above zero; it cannot be bought. */
    public boolean isPaid() {
        return prices.stream().anyMatch(p -> p.amount() > 0);
    }

    /** Whether this plan lets more runs a day than a cap of {@code cap} (null: no cap). */
    public boolean liftsDailyCap(@Nullable Integer cap) {
        return cap != null && (dailyRunCap == null || dailyRunCap > cap);
    }
}
