package io.levqor.engine.jdbc;

import io.levqor.engine.RunStatus;
import io.levqor.shared.WorkspaceId;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A run about to be inserted; {@code trigger} is JSON text. {@code ended} is set for a run that ran to its end
 * before it was stored (its steps were all pure); {@code status} and {@code error} then say how it ended.
 */
public record NewRun(
        WorkspaceId tenant,
        UUID id,
        UUID workflowId,
        int version,
        boolean capped,
        RunStatus status,
        String triggerType,
        String trigger,
        @Nullable String idempotencyKey,
        @Nullable Instant fireTime,
        long priority,
        Instant createdAt,
        @Nullable String error,
        @Nullable Ended ended) {

    /** Where a run that already ran stopped: its step index, the steps' outputs and its output (JSON), and when. */
    public record Ended(
            int stepIndex, String outputs, @Nullable String output, Instant startedAt, Instant finishedAt) {}
}
