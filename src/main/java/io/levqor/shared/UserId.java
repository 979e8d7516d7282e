package io.levqor.shared;

import java.util.UUID;

/** The id of a user account, which may belong to several workspaces. */
public record UserId(UUID value) {

    public static UserId of(String value) {
        return new UserId(UUID.fromString(value));
    }

    public static UserId newId() {
        return new UserId(Ids.newId());
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
