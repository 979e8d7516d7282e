package io.levqor.identity;

import io.levqor.shared.Role;
import java.time.Instant;
import java.util.UUID;

/** A new API key; {@code key} is the only time the secret is seen. */
public record NewApiKey(UUID id, String name, Role role, String key, Instant createdAt) {}
