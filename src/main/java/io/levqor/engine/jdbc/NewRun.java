package io.levqor.engine.jdbc;

import io.levqor.engine.RunStatus;
import io.levqor.shared.WorkspaceId;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A run about to be inserted; {@code trigger} is JSON text. */
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
        @Nullable String error) {}
