package io.levqor.engine.internal;

import io.levqor.privacy.DecryptionFailed;
import io.levqor.privacy.PlatformEncryption;
import io.levqor.shared.PlatformSettings;
import io.levqor.shared.WorkspaceId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import org.springframework.stereotype.Component;

/**
 * {@code {{ run.resumeUrl }}}: a signed URL that resumes one run waiting at one {@code wait} step, without an
 * account. The token names the workspace, the run, the wait step, its signal and an expiry, and carries an
 * HMAC-SHA256 of all that under a key derived (HKDF) from the master key; the master key's id travels with it, so
 * links made before a master-key change still verify while the previous key is configured. Nothing is stored.
 */
@Component
public class ResumeLinks {

    /** Where the links point: {@code <base URL>/resume/<token>}. */
    public static final String PATH = "/resume/";

    private static final String PURPOSE = "run-resume-url";
    private static final byte VERSION = 1;
    private static final int MAC_BYTES = 32;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final PlatformEncryption encryption;
    private final PlatformSettings platform;
    private final Clock clock;
    // Deriving is a few HMACs; a run's every step may render a link, so each master key's is derived once.
    private final Map<String, SecretKey> keys = new ConcurrentHashMap<>();

    ResumeLinks(PlatformEncryption encryption, PlatformSettings platform, Clock clock) {
        this.encryption = encryption;
        this.platform = platform;
        this.clock = clock;
    }

    /** What a valid link names. */
    public record Target(WorkspaceId workspace, UUID runId, String stepId, String signal, Instant expires) {}

    /** The link to the wait step {@code stepId} (waiting for {@code signal}) of the run, valid until {@code expires}. */
    public String url(WorkspaceId workspace, UUID runId, String stepId, String signal, Instant expires) {
        return platform.url(PATH + token(new Target(workspace, runId, stepId, signal, expires)));
    }

    String token(Target target) {
        String keyId = encryption.currentMasterKeyId();
        byte[] key = keyId.getBytes(StandardCharsets.UTF_8);
        byte[] step = target.stepId().getBytes(StandardCharsets.UTF_8);
        byte[] signal = target.signal().getBytes(StandardCharsets.UTF_8);
        ByteBuffer payload = ByteBuffer.allocate(1 + 16 + 16 + 8 + 3 + key.length + step.length + signal.length);
        payload.put(VERSION);
        putUuid(payload, target.workspace().value());
        putUuid(payload, target.runId());
        payload.putLong(target.expires().getEpochSecond());
        payload.put((byte) key.length).put(key);
        payload.put((byte) step.length).put(step);
        payload.put((byte) signal.length).put(signal);
        byte[] body = payload.array();
        return ENCODER.encodeToString(body) + "." + ENCODER.encodeToString(mac(keyId, body));
    }

    /** What the token names, when it is well-formed, signed by this platform and not expired; empty otherwise. */
    public Optional<Target> verify(String token) {
        try {
            int dot = token.indexOf('.');
            if (dot <= 0 || token.length() > 1_024) {
                return Optional.empty();
            }
            byte[] body = DECODER.decode(token.substring(0, dot));
            byte[] given = DECODER.decode(token.substring(dot + 1));
            ByteBuffer payload = ByteBuffer.wrap(body);
            if (payload.get() != VERSION) {
                return Optional.empty();
            }
            UUID workspace = getUuid(payload);
            UUID run = getUuid(payload);
            Instant expires = Instant.ofEpochSecond(payload.getLong());
            String keyId = getString(payload);
            String step = getString(payload);
            String signal = getString(payload);
            if (payload.hasRemaining()
                    || given.length != MAC_BYTES
                    || !MessageDigest.isEqual(mac(keyId, body), given)
                    || !clock.instant().isBefore(expires)) {
                return Optional.empty();
            }
            return Optional.of(new Target(new WorkspaceId(workspace), run, step, signal, expires));
        } catch (IllegalArgumentException | java.nio.BufferUnderflowException | DecryptionFailed e) {
            // Not base64, too short, or made under a master key this node does not have: as good as forged.
            return Optional.empty();
        }
    }

    private byte[] mac(String keyId, byte[] body) {
        SecretKey key = keys.computeIfAbsent(
                keyId, id -> encryption.deriveKey(id, PURPOSE, new byte[0]).key());
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    private static void putUuid(ByteBuffer buffer, UUID id) {
        buffer.putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits());
    }

    private static UUID getUuid(ByteBuffer buffer) {
        return new UUID(buffer.getLong(), buffer.getLong());
    }

    private static String getString(ByteBuffer buffer) {
        int length = buffer.get() & 0xff;
        byte[] bytes = new byte[length];
        buffer.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
