package io.levqor.engine;

import io.levqor.shared.Ids;
import java.util.UUID;

/** The id of a run (UUIDv7). */
public record RunId(UUID value) {

    public static RunId of(String value) {
        return new RunId(UUID.fromString(value));
    }

    public static RunId newId() {
        return new RunId(Ids.newId());
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
