package io.levqor.identity;

import io.levqor.shared.UserId;
import io.levqor.shared.WorkspaceId;

/** A signed-in session: a token pair for one user in one workspace. */
public record Issued(UserId user, WorkspaceId workspace, String accessToken, String refreshToken, long expiresIn) {}
