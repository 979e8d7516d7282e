package io.levqor.engine.jdbc;

import io.levqor.engine.RunStatus;
import io.levqor.shared.WorkspaceId;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A run about to be inserted; {@code trigger} is JSON text. {@code ended} is set for a run that ran to its end
 * before it was stored (its steps were all pure); {@code status} and {@code error} then say how it ended.
 * {@code timeout} is the definition's run deadline: the run fails as {@code timed-out} that long after it is stored.
 * {@code parentRunId} is the run whose {@code workflow} step started this one (null for every other run).
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
        @Nullable Ended ended,
        @Nullable Duration timeout,
        @Nullable UUID parentRunId) {

    /** A run without a parent. */
    public NewRun(
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
            @Nullable Ended ended,
            @Nullable Duration timeout) {
        this(
                tenant,
                id,
                workflowId,
                version,
                capped,
                status,
                triggerType,
                trigger,
                idempotencyKey,
                fireTime,
                priority,
                createdAt,
                error,
                ended,
                timeout,
                null);
    }

    /** A run without a deadline. */
    public NewRun(
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
        this(
                tenant,
                id,
                workflowId,
                version,
                capped,
                status,
                triggerType,
                trigger,
                idempotencyKey,
                fireTime,
                priority,
                createdAt,
                error,
                ended,
                null,
                null);
    }

    /** Where a run that already ran stopped: its step index, the steps' outputs and its output (JSON), and when. */
    public record Ended(
            int stepIndex, String outputs, @Nullable String output, Instant startedAt, Instant finishedAt) {}
}
