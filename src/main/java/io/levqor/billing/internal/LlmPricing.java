package io.levqor.billing.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.bind.Name;

/**
 * What an LLM step's tokens cost, bound to {@code levqor.billing.llm.*}: credits per 1,000 tokens (charged to the
 * workspace) and the provider's price per million tokens (the operator's cost, in {@code currency}). A model is
 * looked up by its exact name, else by the longest configured name it starts with (the provider answers
 * {@code gpt-4o-mini-2024-07-18} for {@code gpt-4o-mini}), else the default applies.
 *
 * @param currency the price table's currency; costs are stored in its millionths
 */
@ConfigurationProperties("levqor.billing.llm")
public record LlmPricing(
        @DefaultValue("USD") String currency,
        @DefaultValue CreditRates creditsPer1kTokens,
        @DefaultValue Prices prices) {

    public LlmPricing {
        if (!currency.matches("[A-Za-z]{3}")) {
            throw new IllegalArgumentException("levqor.billing.llm.currency must be a three-letter currency code");
        }
        currency = currency.toUpperCase(Locale.ROOT);
        creditsPer1kTokens
                .models()
                .forEach((model, rate) -> nonNegative("credits-per-1k-tokens.models." + model, rate));
        nonNegative("credits-per-1k-tokens.default", creditsPer1kTokens.fallback());
        prices.models().forEach((model, price) -> price.check("prices.models." + model));
        prices.fallback().check("prices.default");
    }

    /** Credits per 1,000 tokens (prompt and completion alike): a default and per-model rates; decimals allowed. */
    public record CreditRates(
            @Name("default") @DefaultValue("1") BigDecimal fallback,
            @Nullable Map<String, BigDecimal> models) {
        public CreditRates {
            models = models == null ? Map.of() : Map.copyOf(models);
        }
    }

    /** Prices per million tokens: a default and per-model prices. */
    public record Prices(
            @Name("default") @DefaultValue Price fallback,
            @Nullable Map<String, Price> models) {
        public Prices {
            models = models == null ? Map.of() : Map.copyOf(models);
        }
    }

    /** One model's price per million prompt and completion tokens, in the table's currency (decimals allowed). */
    public record Price(
            @DefaultValue("0") BigDecimal prompt,
            @DefaultValue("0") BigDecimal completion) {
        void check(String name) {
            nonNegative(name + ".prompt", prompt);
            nonNegative(name + ".completion", completion);
        }
    }

    /** Credits for this many tokens of the model, rounded up to a whole credit. */
    public long credits(String model, long promptTokens, long completionTokens) {
        BigDecimal rate = lookup(creditsPer1kTokens.models(), model, creditsPer1kTokens.fallback());
        return BigDecimal.valueOf(promptTokens + completionTokens)
                .multiply(rate)
                .divide(BigDecimal.valueOf(1000), 0, RoundingMode.CEILING)
                .longValueExact();
    }

    /**
     * The provider's price for these tokens in millionths of {@code currency}, rounded up: a price per million tokens
     * times the tokens is exactly the cost in millionths.
     */
    public long costMicros(String model, long promptTokens, long completionTokens) {
        Price price = lookup(prices.models(), model, prices.fallback());
        return BigDecimal.valueOf(promptTokens)
                .multiply(price.prompt())
                .add(BigDecimal.valueOf(completionTokens).multiply(price.completion()))
                .setScale(0, RoundingMode.CEILING)
                .longValueExact();
    }

    private static <T> T lookup(Map<String, T> table, String model, T fallback) {
        T exact = table.get(model);
        if (exact != null) {
            return exact;
        }
        String best = null;
        for (String name : table.keySet()) {
            if (model.startsWith(name) && (best == null || name.length() > best.length())) {
                best = name;
            }
        }
        return best == null ? fallback : table.get(best);
    }

    private static void nonNegative(String name, BigDecimal value) {
        if (value.signum() < 0) {
            throw new IllegalArgumentException("levqor.billing.llm." + name + " must not be negative");
        }
    }
}
