package io.levqor.engine.internal;

import io.levqor.shared.WorkspaceId;
import java.util.UUID;

/**
 * A child run (started by a {@code workflow} step) succeeded: published with {@code RunSucceeded} in the transaction
 * of its final transition, so that only children's successes pay for a listener ({@link SubWorkflows} wakes the
 * parent). Failures wake parents through {@code RunFailed}, which has listeners anyway.
 */
public record ChildRunSucceeded(WorkspaceId workspace, UUID runId) {}
