package io.levqor.console.security;

import io.levqor.shared.UserId;
import io.levqor.shared.WorkspaceId;
import java.io.Serializable;
import java.util.UUID;

/**
 * Who holds a console session and which workspace they are looking at. The identity session behind it (its refresh
 * token) is revoked on logout, so the console's sign-ins show up and end like the API's.
 */
public record ConsoleUser(UUID userId, String email, UUID workspaceId, String refreshToken) implements Serializable {

    public UserId user() {
        return new UserId(userId);
    }

    public WorkspaceId workspace() {
        return new WorkspaceId(workspaceId);
    }

    ConsoleUser inWorkspace(WorkspaceId workspace, String newRefreshToken) {
        return new ConsoleUser(userId, email, workspace.value(), newRefreshToken);
    }
}
