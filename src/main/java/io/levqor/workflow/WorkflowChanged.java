package io.levqor.workflow;

import io.levqor.shared.WorkspaceId;

/** A workflow was created, saved, activated, deactivated or deleted; {@code version} is its current one. */
public record WorkflowChanged(
        WorkspaceId workspace, WorkflowId workflow, int version, boolean active, boolean deleted, Trigger trigger) {}
