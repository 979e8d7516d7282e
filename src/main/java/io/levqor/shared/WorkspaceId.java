package io.levqor.shared;

import java.util.UUID;

/** The id of a workspace, which is the tenant that owns almost every row. */
public record WorkspaceId(UUID value) {

    public static WorkspaceId of(String value) {
        return new WorkspaceId(UUID.fromString(value));
    }

    public static WorkspaceId newId() {
        return new WorkspaceId(Ids.newId());
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
