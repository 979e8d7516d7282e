package io.levqor.identity;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** One entry of a workspace's audit log as listed (without its chain hashes). */
public record AuditEntry(
        long seq,
        Instant at,
        String actor,
        String action,
        @Nullable String target,
        @Nullable String ip,
        @Nullable String userAgent) {}
