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
        return with(RunStatus.RUNNING, nextStep, newOutputs);
    }

    /** The same run with another status. */
    public RunRow withStatus(RunStatus newStatus) {
        return with(newStatus, stepIndex, outputs);
    }

    private RunRow with(RunStatus newStatus, int newStepIndex, String newOutputs) {
        return new RunRow(
                tenant,
                id,
                workflowId,
                version,
                newStatus,
                triggerType,
                trigger,
                newStepIndex,
                newOutputs,
                output,
                error,
                priority,
                holdsSlot,
                createdAt,
                finishedAt);
    }
}
