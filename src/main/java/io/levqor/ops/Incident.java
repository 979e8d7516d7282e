package io.levqor.ops;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * An incident the operator opened on the status page, with its timeline newest first.
 *
 * @param impact {@code minor}, {@code major} or {@code critical}
 * @param status {@code investigating}, {@code identified}, {@code monitoring} or {@code resolved}
 * @param components the status page components it affects ({@link #COMPONENTS})
 * @param resolvedAt when it was resolved; null while it is open
 */
public record Incident(
        UUID id,
        String title,
        String impact,
        String status,
        List<String> components,
        Instant createdAt,
        Instant updatedAt,
        @Nullable Instant resolvedAt,
        List<Update> updates) {

    /** The components of the status page, in the order it shows them. */
    public static final List<String> COMPONENTS = List.of("api", "webhooks", "workers", "scheduler", "database");

    public static final List<String> IMPACTS = List.of("minor", "major", "critical");

    public static final List<String> STATUSES = List.of("investigating", "identified", "monitoring", "resolved");

    public static final String RESOLVED = "resolved";

    /** One entry of the timeline: the status it moved the incident to and what the operator said. */
    public record Update(UUID id, String status, String message, Instant createdAt) {}

    public boolean open() {
        return resolvedAt == null;
    }
}
