package io.levqor.identity;

import io.levqor.shared.Role;
import io.levqor.shared.UserId;
import org.jspecify.annotations.Nullable;

/** A member of a workspace. */
public record Member(UserId userId, String email, @Nullable String name, Role role) {}
