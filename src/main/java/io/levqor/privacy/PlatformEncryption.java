package io.levqor.privacy;

import io.levqor.privacy.internal.MasterKeyring;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.crypto.SecretKey;
import org.springframework.context.annotation.DependsOn;
import org.springframework.stereotype.Service;

/**
 * Seals platform secrets that belong to no workspace (the token signing keys) with AES-256-GCM directly under the
 * master key ({@code LEVQOR_MASTER_KEY}). A ciphertext is {@code 0x02 ‖ id length ‖ master key id ‖ nonce ‖
 * ciphertext ‖ tag}; the purpose and the master key id are authenticated with it, so a value sealed for one purpose
 * does not open as another. After the master key changes, values sealed under a previous key still open while that
 * key is listed in {@code LEVQOR_MASTER_KEY_PREVIOUS}; {@link #sealedWithCurrentKey} tells the owner to re-seal.
 */
// Nothing decrypts before the master key is proven right.
@DependsOn("masterKeyCheck")
@Service
public class PlatformEncryption {

    private static final byte VERSION = 2;

    private final MasterKeyring masterKeys;

    public PlatformEncryption(MasterKeyring masterKeys) {
        this.masterKeys = masterKeys;
    }

    public byte[] seal(String purpose, byte[] plaintext) {
        String keyId = masterKeys.currentId();
        byte[] id = keyId.getBytes(StandardCharsets.US_ASCII);
        byte[] sealed = masterKeys.seal(plaintext, associatedData(purpose, keyId));
        return ByteBuffer.allocate(2 + id.length + sealed.length)
                .put(VERSION)
                .put((byte) id.length)
                .put(id)
                .put(sealed)
                .array();
    }

    public byte[] open(String purpose, byte[] ciphertext) {
        String keyId = keyId(ciphertext);
        int header = 2 + ciphertext[1];
        return masterKeys.open(
                keyId, Arrays.copyOfRange(ciphertext, header, ciphertext.length), associatedData(purpose, keyId));
    }

    /**
     * A key for {@code purpose} derived from the current master key and {@code salt}, with that master key's id (to
     * be stored beside what it seals, never the key).
     */
    public DerivedKey deriveKey(String purpose, byte[] salt) {
        String keyId = masterKeys.currentId();
        return new DerivedKey(keyId, masterKeys.derive(keyId, purpose, salt));
    }

    /** The key {@link #deriveKey(String, byte[])} gave under the named master key; fails if this node lacks it. */
    public DerivedKey deriveKey(String masterKeyId, String purpose, byte[] salt) {
        return new DerivedKey(masterKeyId, masterKeys.derive(masterKeyId, purpose, salt));
    }

    /** The id of the current master key (derived from the key; safe to show and store). */
    public String currentMasterKeyId() {
        return masterKeys.currentId();
    }

    /** A key derived from a master key, and that master key's id. */
    public record DerivedKey(String masterKeyId, SecretKey key) {}

    /** Whether the value is sealed under the current master key (false: open and seal it again). */
    public boolean sealedWithCurrentKey(byte[] ciphertext) {
        return keyId(ciphertext).equals(masterKeys.currentId());
    }

    private static String keyId(byte[] ciphertext) {
        if (ciphertext.length < 2 || ciphertext[0] != VERSION || ciphertext.length < 2 + ciphertext[1]) {
            throw new DecryptionFailed("not a Levqor platform ciphertext");
        }
        return new String(ciphertext, 2, ciphertext[1], StandardCharsets.US_ASCII);
    }

    private static byte[] associatedData(String purpose, String keyId) {
        return ("levqor-platform:" + purpose + ":" + keyId).getBytes(StandardCharsets.UTF_8);
    }
}
