package io.levqor.engine.internal;

import io.levqor.connectors.CredentialResolver;
import io.levqor.shared.WorkspaceId;
import io.levqor.workflow.Credentials;
import org.springframework.stereotype.Component;

/** The workspace's credentials for steps, from the vault, decrypted only when a step asks for one. */
@Component
class StepCredentials {

    private final Credentials credentials;

    StepCredentials(Credentials credentials) {
        this.credentials = credentials;
    }

    CredentialResolver forWorkspace(WorkspaceId workspace) {
        return credentials.resolverFor(workspace);
    }
}
