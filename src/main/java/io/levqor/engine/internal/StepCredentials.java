package io.levqor.engine.internal;

import io.levqor.connectors.CredentialResolver;
import io.levqor.shared.WorkspaceId;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Credentials for steps and the redaction of what they reveal before it is stored. Until the vault lands every
 * lookup fails as "no such credential" and nothing needs redacting.
 */
@Component
class StepCredentials {

    CredentialResolver forWorkspace(WorkspaceId workspace) {
        return CredentialResolver.NONE;
    }

    @Nullable
    Object redact(WorkspaceId workspace, @Nullable Object value) {
        return value;
    }
}
