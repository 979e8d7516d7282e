package io.levqor.workflow;

import io.levqor.shared.WorkspaceId;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What a webhook token points at: the workflow's current version and trigger, and whether it is active.
 *
 * @param testListenUntil until when a test-webhook capture is armed (the next call is captured as sample data, no
 *     run), as of when this target was loaded; null when none is
 */
public record WebhookTarget(
        WorkspaceId workspace,
        WorkflowId workflow,
        int version,
        Trigger trigger,
        boolean active,
        @Nullable Instant testListenUntil) {

    /** A target without an armed capture. */
    public WebhookTarget(WorkspaceId workspace, WorkflowId workflow, int version, Trigger trigger, boolean active) {
        this(workspace, workflow, version, trigger, active, null);
    }

    /** Whether a test-webhook capture may be armed at {@code now} (the capture itself decides, in the database). */
    public boolean listening(Instant now) {
        return testListenUntil != null && testListenUntil.isAfter(now);
    }
}
