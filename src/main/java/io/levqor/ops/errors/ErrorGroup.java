package io.levqor.ops.errors;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One group of errors sharing a fingerprint, as the operator reads it.
 *
 * @param fingerprint the group's key: a hash of its kind, type and top frames
 * @param kind {@code server} (an unexpected exception in Levqor) or {@code client} (reported by the console)
 * @param type the exception's class (or the client error's name)
 * @param frames the top frames the fingerprint was made of, one per line
 * @param count how many errors the group holds
 * @param firstSeen when the first one happened
 * @param lastSeen when the last one happened
 * @param lastErrorId the {@code errorId} of the last one
 * @param sample the last one's redacted message, method and path
 */
public record ErrorGroup(
        String fingerprint,
        String kind,
        String type,
        String frames,
        long count,
        Instant firstSeen,
        Instant lastSeen,
        String lastErrorId,
        Sample sample) {

    /** One redacted occurrence: the message truncated, the path without its query string. */
    public record Sample(
            @Nullable String message,
            @Nullable String method,
            @Nullable String path) {}
}
