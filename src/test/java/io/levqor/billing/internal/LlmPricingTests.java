package io.levqor.billing.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Credits and cost of an LLM attempt's tokens: per-model rates, prefix matching, rounding up. */
class LlmPricingTests {

    final LlmPricing pricing = new LlmPricing(
            "usd",
            new LlmPricing.CreditRates(BigDecimal.ONE, Map.of("gpt-4o", new BigDecimal("5"))),
            new LlmPricing.Prices(
                    new LlmPricing.Price(new BigDecimal("0.15"), new BigDecimal("0.60")),
                    Map.of(
                            "gpt-4o", new LlmPricing.Price(new BigDecimal("2.50"), BigDecimal.TEN),
                            "gpt-4o-mini", new LlmPricing.Price(new BigDecimal("0.15"), new BigDecimal("0.60")))));

    @Test
    void creditsArePer1000TokensRoundedUpPerModel() {
        assertThat(pricing.credits("llama3", 1, 0)).isEqualTo(1);
        assertThat(pricing.credits("llama3", 1000, 0)).isEqualTo(1);
        assertThat(pricing.credits("llama3", 600, 401)).isEqualTo(2);
        assertThat(pricing.credits("llama3", 0, 0)).isZero();
        assertThat(pricing.credits("gpt-4o-2024-08-06", 100, 100))
                .as("5 per 1,000 by prefix")
                .isEqualTo(1);
        assertThat(pricing.credits("gpt-4o", 1000, 1000)).isEqualTo(10);
    }

    @Test
    void costIsTheLongestMatchingModelsPriceInMillionths() {
        assertThat(pricing.currency()).isEqualTo("USD");
        assertThat(pricing.costMicros("gpt-4o-2024-08-06", 1500, 700)).isEqualTo(10_750);
        assertThat(pricing.costMicros("gpt-4o-mini-2024-07-18", 1500, 700)).isEqualTo(645);
        assertThat(pricing.costMicros("mistral", 1, 1)).as("0.75 rounds up").isEqualTo(1);
    }

    @Test
    void negativeRatesAndBadCurrenciesAreConfigurationErrors() {
        assertThatThrownBy(() -> new LlmPricing(
                        "USD",
                        new LlmPricing.CreditRates(new BigDecimal("-1"), null),
                        new LlmPricing.Prices(new LlmPricing.Price(BigDecimal.ZERO, BigDecimal.ZERO), null)))
                .hasMessageContaining("credits-per-1k-tokens.default");
        assertThatThrownBy(() -> new LlmPricing(
                        "dollars",
                        new LlmPricing.CreditRates(BigDecimal.ONE, null),
                        new LlmPricing.Prices(new LlmPricing.Price(BigDecimal.ZERO, BigDecimal.ZERO), null)))
                .hasMessageContaining("currency");
    }
}
