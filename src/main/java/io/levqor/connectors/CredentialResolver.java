package io.levqor.connectors;

import java.util.Map;

/** Looks up a credential of the run's workspace by name; values it returns are redacted from run history. */
@FunctionalInterface
public interface CredentialResolver {

    /** The credential's decrypted data; throws {@link StepFailure} (not retryable) when there is none. */
    Map<String, Object> resolve(String name);

    /**
     * Tells the resolver about a secret a step derived from a credential (an OAuth2 access token, a Basic header), so
     * that a {@link Redactor} watching this resolver masks it too. Does nothing for resolvers nobody watches.
     */
    default void derivedSecret(String value) {}

    CredentialResolver NONE = name -> {
        throw StepFailure.permanent("credential '" + name + "' does not exist in this workspace");
    };
}
