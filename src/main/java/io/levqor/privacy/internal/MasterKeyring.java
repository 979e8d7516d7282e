package io.levqor.privacy.internal;

import io.levqor.privacy.DecryptionFailed;
import io.levqor.shared.PlatformSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The master keys this node knows: the current one, which wraps new data keys, and previous ones, which only unwrap.
 * A key's id is derived from the key itself, so every node names the same key the same way without coordination.
 */
@Component
public class MasterKeyring {

    private static final Logger log = LoggerFactory.getLogger(MasterKeyring.class);
    static final String GENERATED_FILE = "master.key";

    private final String currentId;
    private final Map<String, SecretKey> keys = new LinkedHashMap<>();

    public MasterKeyring(PrivacySettings settings, PlatformSettings platform) {
        String current = settings.masterKey();
        if (current == null || current.isBlank()) {
            current = generatedKey(platform.dataDir());
        }
        SecretKey currentKey = parse(current, "LEVQOR_MASTER_KEY");
        this.currentId = idOf(currentKey);
        keys.put(currentId, currentKey);
        for (String previous : settings.previous()) {
            SecretKey key = parse(previous, "LEVQOR_MASTER_KEY_PREVIOUS");
            keys.putIfAbsent(idOf(key), key);
        }
    }

    public String currentId() {
        return currentId;
    }

    public boolean knows(String masterKeyId) {
        return keys.containsKey(masterKeyId);
    }

    public byte[] wrap(SecretKey dataKey, byte[] binding) {
        return Aes.seal(keys.get(currentId), dataKey.getEncoded(), binding);
    }

    public SecretKey unwrap(String masterKeyId, byte[] wrapped, byte[] binding) {
        SecretKey master = keys.get(masterKeyId);
        if (master == null) {
            throw new DecryptionFailed("data key is wrapped by master key " + masterKeyId
                    + ", which this node does not have (set it in LEVQOR_MASTER_KEY_PREVIOUS)");
        }
        return Aes.key(Aes.open(master, wrapped, binding));
    }

    /** Seals a platform secret directly under the current master key (see PlatformEncryption). */
    public byte[] seal(byte[] plaintext, byte[] binding) {
        return Aes.seal(keys.get(currentId), plaintext, binding);
    }

    /** Opens what {@link #seal} sealed under the named master key. */
    public byte[] open(String masterKeyId, byte[] sealed, byte[] binding) {
        SecretKey master = keys.get(masterKeyId);
        if (master == null) {
            throw new DecryptionFailed("sealed by master key " + masterKeyId
                    + ", which this node does not have (set it in LEVQOR_MASTER_KEY_PREVIOUS)");
        }
        return Aes.open(master, sealed, binding);
    }

    /**
     * A 256-bit key for {@code purpose} derived with HKDF-SHA256 (RFC 5869) from the named master key and a salt, so
     * data sealed outside the database (backups) never uses the master key itself.
     */
    public SecretKey derive(String masterKeyId, String purpose, byte[] salt) {
        SecretKey master = keys.get(masterKeyId);
        if (master == null) {
            throw new DecryptionFailed("sealed by master key " + masterKeyId
                    + ", which this node does not have (set it in LEVQOR_MASTER_KEY_PREVIOUS)");
        }
        try {
            Mac extract = Mac.getInstance("HmacSHA256");
            extract.init(new SecretKeySpec(salt.length == 0 ? new byte[32] : salt, "HmacSHA256"));
            byte[] pseudoRandomKey = extract.doFinal(master.getEncoded());
            Mac expand = Mac.getInstance("HmacSHA256");
            expand.init(new SecretKeySpec(pseudoRandomKey, "HmacSHA256"));
            expand.update(("levqor-derived:" + purpose).getBytes(StandardCharsets.UTF_8));
            expand.update((byte) 1);
            return Aes.key(expand.doFinal());
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    /** The ids of every master key this node has, the current one first. */
    public java.util.Set<String> ids() {
        return java.util.Collections.unmodifiableSet(keys.keySet());
    }

    /**
     * The check value of the named master key (null if this node lacks it): HMAC-SHA256 of a constant under a key
     * derived from the master key, so the stored value proves which key it is and reveals nothing of it.
     */
    public byte @Nullable [] checkValue(String masterKeyId) {
        SecretKey master = keys.get(masterKeyId);
        if (master == null) {
            return null;
        }
        try {
            Mac derive = Mac.getInstance("HmacSHA256");
            derive.init(new SecretKeySpec(master.getEncoded(), "HmacSHA256"));
            byte[] checkKey = derive.doFinal("levqor-master-key-check-key".getBytes(StandardCharsets.UTF_8));
            Mac check = Mac.getInstance("HmacSHA256");
            check.init(new SecretKeySpec(checkKey, "HmacSHA256"));
            return check.doFinal("levqor-master-key-check:v1".getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    /** A fresh master key in the format {@code LEVQOR_MASTER_KEY} takes. */
    public static String newEncodedKey() {
        return Base64.getEncoder().encodeToString(Aes.newKey().getEncoded());
    }

    static String idOf(SecretKey key) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update("levqor-master-key-id:".getBytes(StandardCharsets.UTF_8));
            byte[] digest = sha.digest(key.getEncoded());
            return "mk-" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static SecretKey parse(String encoded, String setting) {
        String trimmed = encoded.trim();
        byte[] raw;
        try {
            raw = trimmed.length() == 64 && trimmed.matches("[0-9a-fA-F]+")
                    ? HexFormat.of().parseHex(trimmed)
                    : Base64.getDecoder().decode(trimmed);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(setting + " must be 32 bytes in base64 (or 64 hex digits)");
        }
        if (raw.length != Aes.KEY_BYTES) {
            throw new IllegalStateException(
                    setting + " must be 32 bytes in base64 (or 64 hex digits), not " + raw.length + " bytes");
        }
        return Aes.key(raw);
    }

    private static synchronized String generatedKey(Path dataDir) {
        Path file = dataDir.resolve(GENERATED_FILE);
        try {
            if (Files.exists(file)) {
                return Files.readString(file).trim();
            }
            Files.createDirectories(dataDir);
            String key = newEncodedKey();
            Path temporary = Files.createTempFile(dataDir, "master", ".tmp");
            try {
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system; the data directory's own permissions must protect it
            }
            Files.writeString(temporary, key + "\n");
            Files.move(temporary, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            log.warn(
                    "LEVQOR_MASTER_KEY is not set: generated a master key into {}. Back it up with the database "
                            + "(without it, stored credentials cannot be decrypted) and set LEVQOR_MASTER_KEY in production.",
                    file.toAbsolutePath().normalize());
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the master key in " + file, e);
        }
    }
}
