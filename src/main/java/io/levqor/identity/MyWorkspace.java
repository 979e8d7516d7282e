package io.levqor.identity;

import io.levqor.shared.Role;
import io.levqor.shared.WorkspaceId;

/** A workspace the user belongs to, with their role in it. */
public record MyWorkspace(WorkspaceId id, String name, Role role) {}
