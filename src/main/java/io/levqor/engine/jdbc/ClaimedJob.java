package io.levqor.engine.jdbc;

import io.levqor.shared.WorkspaceId;
import java.time.Instant;
import java.util.UUID;

/** A job this worker holds a lease on: the fence for its finish is {@code (id, worker, attempt)}. */
public record ClaimedJob(
        long id,
        WorkspaceId tenant,
        UUID runId,
        int stepIndex,
        int attempt,
        long priority,
        String worker,
        Instant enqueuedAt) {}
