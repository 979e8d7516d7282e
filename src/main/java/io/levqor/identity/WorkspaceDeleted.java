package io.levqor.identity;

import io.levqor.shared.UserId;
import io.levqor.shared.WorkspaceId;

/**
 * An owner deleted a workspace: nobody can reach it any more (no members, keys or sessions). Modules holding data of
 * the workspace purge it when they receive this (after commit, at least once: listeners must be idempotent).
 */
public record WorkspaceDeleted(WorkspaceId workspace, UserId by) {}
