package io.levqor.identity;

import io.levqor.shared.UserId;
import io.levqor.shared.WorkspaceId;

/** A member was removed from a workspace; their sessions in it are revoked. */
public record MemberRemoved(WorkspaceId workspace, UserId user) {}
