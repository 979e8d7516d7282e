package io.levqor.privacy;

import io.levqor.privacy.internal.Aes;
import io.levqor.privacy.internal.DataKeys;
import io.levqor.privacy.internal.DataKeys.DataKey;
import io.levqor.shared.WorkspaceId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * Encrypts fields at rest with AES-256-GCM under the workspace's data key. A ciphertext is
 * {@code 0x01 ‖ data-key id (16 bytes) ‖ nonce ‖ ciphertext ‖ tag}; the workspace id is authenticated with it, so
 * a ciphertext copied into another workspace does not decrypt.
 */
@Service
public class FieldEncryption {

    private static final byte VERSION = 1;
    private static final int HEADER = 1 + 16;

    private final DataKeys keys;

    public FieldEncryption(DataKeys keys) {
        this.keys = keys;
    }

    public byte[] encrypt(WorkspaceId workspace, byte[] plaintext) {
        DataKey key = keys.active(workspace);
        byte[] sealed = Aes.seal(key.key(), plaintext, associatedData(workspace, key.id()));
        return ByteBuffer.allocate(HEADER + sealed.length)
                .put(VERSION)
                .putLong(key.id().getMostSignificantBits())
                .putLong(key.id().getLeastSignificantBits())
                .put(sealed)
                .array();
    }

    public byte[] decrypt(WorkspaceId workspace, byte[] ciphertext) {
        UUID keyId = keyId(ciphertext);
        DataKey key = keys.byId(workspace, keyId);
        return Aes.open(
                key.key(), Arrays.copyOfRange(ciphertext, HEADER, ciphertext.length), associatedData(workspace, keyId));
    }

    public byte[] encryptString(WorkspaceId workspace, String plaintext) {
        return encrypt(workspace, plaintext.getBytes(StandardCharsets.UTF_8));
    }

    public String decryptString(WorkspaceId workspace, byte[] ciphertext) {
        return new String(decrypt(workspace, ciphertext), StandardCharsets.UTF_8);
    }

    /** The id of the data key that sealed a ciphertext. */
    public static UUID keyId(byte[] ciphertext) {
        if (ciphertext.length < HEADER || ciphertext[0] != VERSION) {
            throw new DecryptionFailed(
                    "not a Levqor ciphertext (version " + (ciphertext.length == 0 ? "none" : ciphertext[0]) + ")");
        }
        ByteBuffer buffer = ByteBuffer.wrap(ciphertext, 1, 16);
        return new UUID(buffer.getLong(), buffer.getLong());
    }

    /**
     * Starts sealing new ciphertexts of the workspace with a fresh data key; existing ciphertexts stay readable under
     * their key id.
     */
    public UUID rotateDataKey(WorkspaceId workspace) {
        return keys.rotate(workspace).id();
    }

    private static byte[] associatedData(WorkspaceId workspace, UUID keyId) {
        return ByteBuffer.allocate(33)
                .put(VERSION)
                .putLong(workspace.value().getMostSignificantBits())
                .putLong(workspace.value().getLeastSignificantBits())
                .putLong(keyId.getMostSignificantBits())
                .putLong(keyId.getLeastSignificantBits())
                .array();
    }
}
