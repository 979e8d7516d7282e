package io.levqor.identity;

import io.levqor.shared.Role;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** An API key as listed (no secret). */
public record ApiKeyInfo(
        UUID id,
        String name,
        Role role,
        String prefix,
        Instant createdAt,
        @Nullable Instant lastUsedAt,
        @Nullable Instant revokedAt) {}
