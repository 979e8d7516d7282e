package io.levqor.billing;

import io.levqor.shared.WorkspaceId;
import java.util.UUID;

/**
 * One llm step attempt's token usage, as the engine hands it to {@link LlmMetering}.
 *
 * @param stepPath where the step sits in the definition (its id at the top level)
 * @param attempt the attempt's number for that step in the run, from 1 (as the run's detail numbers them)
 * @param model the model the provider answered with (else the one the step asked for)
 */
public record LlmAttempt(
        WorkspaceId workspace,
        UUID runId,
        String stepPath,
        int attempt,
        String model,
        long promptTokens,
        long completionTokens) {

    public LlmAttempt {
        if (attempt < 1 || promptTokens < 0 || completionTokens < 0) {
            throw new IllegalArgumentException("attempt from 1, tokens not negative");
        }
    }
}
