package io.levqor.engine;

import io.levqor.shared.WorkspaceId;
import java.util.UUID;

/** A run ended successfully (published once, in the transaction of its final transition). */
public record RunSucceeded(WorkspaceId workspace, UUID runId, UUID workflowId) {}
