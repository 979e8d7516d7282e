package io.levqor.workflow;

import java.time.Instant;

/** A credential as callers may see it: never its secret data. */
public record CredentialView(CredentialId id, String name, String type, Instant createdAt, Instant updatedAt) {}
