package io.levqor.billing.internal;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The daily spend guard on credits and on LLM cost, bound to {@code levqor.billing.spend-guard.*}.
 *
 * @param defaultDailyCredits the cap for a workspace the operator set none for; 0 (the default) leaves the guard
 *     off for such workspaces
 * @param defaultDailyLlmCostMicros the same for the day's LLM cost, in millionths of the LLM price table's currency
 *     ({@code levqor.billing.llm.currency}); 0 (the default): off
 */
@ConfigurationProperties("levqor.billing.spend-guard")
public record SpendGuardSettings(
        @DefaultValue("0") long defaultDailyCredits,
        @DefaultValue("0") long defaultDailyLlmCostMicros) {

    public SpendGuardSettings {
        if (defaultDailyCredits < 0) {
            throw new IllegalArgumentException(
                    "levqor.billing.spend-guard.default-daily-credits must be 0 (off) or positive");
        }
        if (defaultDailyLlmCostMicros < 0) {
            throw new IllegalArgumentException(
                    "levqor.billing.spend-guard.default-daily-llm-cost-micros must be 0 (off) or positive");
        }
    }
}
