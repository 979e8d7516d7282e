package io.levqor.billing;

import java.time.Instant;

/**
 * One metered llm step attempt: its tokens, the credits charged and the provider's price for them.
 *
 * @param credits credits charged for the attempt (when the balance could not cover them all, its ledger line records
 *     the shortfall)
 * @param costMicros the provider's price in millionths of {@code currency}
 */
public record LlmUsage(
        String stepPath,
        int attempt,
        String model,
        long promptTokens,
        long completionTokens,
        long credits,
        long costMicros,
        String currency,
        Instant recordedAt) {

    public long totalTokens() {
        return promptTokens + completionTokens;
    }
}
