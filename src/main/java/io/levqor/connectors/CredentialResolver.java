package io.levqor.connectors;

import java.util.Map;

/** Looks up a credential of the run's workspace by name; values it returns are redacted from run history. */
@FunctionalInterface
public interface CredentialResolver {

    /** The credential's decrypted data; throws {@link StepFailure} (not retryable) when there is none. */
    Map<String, Object> resolve(String name);

    CredentialResolver NONE = name -> {
        throw StepFailure.permanent("credential '" + name + "' does not exist in this workspace");
    };
}
