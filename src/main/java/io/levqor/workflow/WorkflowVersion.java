package io.levqor.workflow;

import io.levqor.shared.WorkspaceId;

/** One immutable, numbered version of a workflow (1, 2, 3…); a run pins one. */
public record WorkflowVersion(WorkspaceId workspace, WorkflowId workflow, int version, Definition definition) {}
