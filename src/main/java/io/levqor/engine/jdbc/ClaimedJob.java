package io.levqor.engine.jdbc;

import io.levqor.shared.WorkspaceId;
import java.time.Instant;
import java.util.UUID;

/**
 * A job this worker holds a lease on. The fence for its finish is {@code (id, worker, stepIndex, attempt)}: the
 * attempt only grows within a step and steps only move forward, so no later state of the row matches it again.
 */
public record ClaimedJob(
        long id,
        WorkspaceId tenant,
        UUID runId,
        int stepIndex,
        int attempt,
        long priority,
        String worker,
        Instant enqueuedAt) {

    /** The same lease after an in-place advance to the first attempt of {@code nextStep}. */
    public ClaimedJob advancedTo(int nextStep) {
        return new ClaimedJob(id, tenant, runId, nextStep, 1, priority, worker, enqueuedAt);
    }
}
