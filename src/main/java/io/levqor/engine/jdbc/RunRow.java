package io.levqor.engine.jdbc;

import io.levqor.engine.RunStatus;
import io.levqor.shared.WorkspaceId;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A run as stored, with its JSON columns left as text for the caller to parse. */
public record RunRow(
        WorkspaceId tenant,
        UUID id,
        UUID workflowId,
        int version,
        RunStatus status,
        String triggerType,
        String trigger,
        int stepIndex,
        String outputs,
        @Nullable String output,
        @Nullable String error,
        long priority,
        boolean holdsSlot,
        Instant createdAt,
        @Nullable Instant finishedAt) {

    /** The same run, running, after a worker moved it on to {@code nextStep} with these outputs. */
    public RunRow advancedTo(int nextStep, String newOutputs) {
        return new RunRow(
                tenant,
                id,
                workflowId,
                version,
                RunStatus.RUNNING,
                triggerType,
                trigger,
                nextStep,
                newOutputs,
                output,
                error,
                priority,
                holdsSlot,
                createdAt,
                finishedAt);
    }

    /** The same run with another status. */
    public RunRow withStatus(RunStatus newStatus) {
        return new RunRow(
                tenant,
                id,
                workflowId,
                version,
                newStatus,
                triggerType,
                trigger,
                stepIndex,
                outputs,
                output,
                error,
                priority,
                holdsSlot,
                createdAt,
                finishedAt);
    }
}
