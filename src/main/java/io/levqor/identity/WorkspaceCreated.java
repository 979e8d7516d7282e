package io.levqor.identity;

import io.levqor.shared.UserId;
import io.levqor.shared.WorkspaceId;

/** A workspace was created (at signup or later) with its first owner. */
public record WorkspaceCreated(WorkspaceId workspace, UserId owner, String name) {}
