package io.levqor.analytics;

import io.levqor.shared.UserId;
import io.levqor.shared.WorkspaceId;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One product event: what happened ({@code name}, {@code ^[a-z][a-z0-9_]{0,63}$}), when, in which workspace and by
 * whom (either may be unknown), with a flat map of properties (text, numbers, booleans, nulls).
 */
public record ProductEvent(
        String name,
        Instant at,
        @Nullable WorkspaceId workspace,
        @Nullable UserId user,
        Map<String, @Nullable Object> properties) {

    public ProductEvent {
        // Map.copyOf refuses null values, and a property may be null: keep the order and the nulls.
        properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }
}
