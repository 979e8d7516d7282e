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
 * @param data what the step's {@code {{ … }}} expressions see ({@code trigger}, {@code steps}, {@code run}), for
 *     steps that compute on it themselves ({@code code}); read-only
 * @param path where the step sits in the definition's tree: its id at the top level, else like
 *     {@code check.cases[0].notify}
 */
public record StepRequest(
        WorkspaceId workspace,
        UUID runId,
        UUID workflowId,
        String stepId,
        int attempt,
        Map<String, Object> config,
        Duration timeout,
        CredentialResolver credentials,
        Map<String, Object> data,
        String path) {

    /** A request for a top-level step (its path is its id), without the run's data. */
    public StepRequest(
            WorkspaceId workspace,
            UUID runId,
            UUID workflowId,
            String stepId,
            int attempt,
            Map<String, Object> config,
            Duration timeout,
            CredentialResolver credentials) {
        this(workspace, runId, workflowId, stepId, attempt, config, timeout, credentials, Map.of(), stepId);
    }

    /**
     * Stable across attempts and nodes, so peers can drop a repeated call: {@code <run id>:<path>}, which is
     * {@code <run id>:<step id>} for a top-level step.
     */
    public String idempotencyKey() {
        return runId + ":" + path;
    }
}
