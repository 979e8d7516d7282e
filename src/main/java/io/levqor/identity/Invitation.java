package io.levqor.identity;

import io.levqor.shared.Role;
import java.time.Instant;
import java.util.UUID;

/** An invitation as answered (the token goes only by e-mail). */
public record Invitation(UUID id, String email, Role role, Instant expiresAt) {}
