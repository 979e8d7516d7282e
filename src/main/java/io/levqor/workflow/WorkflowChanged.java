package io.levqor.workflow;

import io.levqor.shared.WorkspaceId;

/**
 * A workflow was created, saved, activated, deactivated, deleted or had its webhook token rotated; {@code version}
 * is its current one.
 */
public record WorkflowChanged(
        WorkspaceId workspace, WorkflowId workflow, int version, boolean active, boolean deleted, Trigger trigger) {}
