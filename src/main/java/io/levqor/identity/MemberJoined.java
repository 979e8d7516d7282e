package io.levqor.identity;

import io.levqor.shared.Role;
import io.levqor.shared.UserId;
import io.levqor.shared.WorkspaceId;

/** A user became a member of a workspace: its creator, or someone who accepted an invitation. */
public record MemberJoined(WorkspaceId workspace, UserId user, Role role) {}
