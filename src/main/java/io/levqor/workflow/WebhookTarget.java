package io.levqor.workflow;

import io.levqor.shared.WorkspaceId;

/** What a webhook token points at: the workflow's current version and trigger, and whether it is active. */
public record WebhookTarget(WorkspaceId workspace, WorkflowId workflow, int version, Trigger trigger, boolean active) {}
