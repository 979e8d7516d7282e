package io.levqor.engine;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** Which runs to list: every part is optional; {@code from} inclusive, {@code to} exclusive. */
public record RunFilter(
        @Nullable UUID workflowId,
        @Nullable RunStatus status,
        @Nullable Instant from,
        @Nullable Instant to) {

    public static RunFilter all() {
        return new RunFilter(null, null, null, null);
    }
}
