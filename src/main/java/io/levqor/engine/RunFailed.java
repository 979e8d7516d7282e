package io.levqor.engine;

import io.levqor.shared.WorkspaceId;
import java.util.UUID;

/** A run gave up after its last attempt and is now a dead letter (published once). */
public record RunFailed(WorkspaceId workspace, UUID runId, UUID workflowId, String error) {}
