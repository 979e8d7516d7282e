package io.levqor.connectors;

import io.levqor.shared.WorkspaceId;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/**
 * What a step gets to do its work.
 *
 * @param config the step's fields with every {@code {{ … }}} already evaluated (JSON values as maps, lists,
 *     strings, numbers, booleans and nulls)
 * @param attempt 1 for the first try, 2 for the first retry…
 * @param credentials the workspace's credentials, by name, decrypted on demand
 */
public record StepRequest(
        WorkspaceId workspace,
        UUID runId,
        UUID workflowId,
        String stepId,
        int attempt,
        Map<String, Object> config,
        Duration timeout,
        CredentialResolver credentials) {

    /** Stable across attempts and nodes, so peers can drop a repeated call: {@code <run id>:<step id>}. */
    public String idempotencyKey() {
        return runId + ":" + stepId;
    }
}
