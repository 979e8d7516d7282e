package io.levqor.workflow;

import io.levqor.shared.Ids;
import java.util.UUID;

/** The id of a credential in the vault. */
public record CredentialId(UUID value) {

    public static CredentialId of(String value) {
        return new CredentialId(UUID.fromString(value));
    }

    public static CredentialId newId() {
        return new CredentialId(Ids.newId());
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
