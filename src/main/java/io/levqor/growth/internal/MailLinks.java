package io.levqor.growth.internal;

import io.levqor.growth.MailCategory;
import io.levqor.growth.MailEngagement;
import io.levqor.privacy.DecryptionFailed;
import io.levqor.privacy.PlatformEncryption;
import io.levqor.shared.PlatformSettings;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * The signed links of marketing mail: {@code /u/{token}} (unsubscribe and preferences, naming an address and a
 * category) and {@code /t/o/{token}}, {@code /t/c/{token}} (open pixel and click redirect, naming a tracking id and
 * the link's target). A token is its payload and an HMAC-SHA256 of it under a key derived (HKDF) from the master key,
 * whose id travels with it, so links in mail sent before a master-key change still work while the old key is
 * configured. Nothing is stored; a token changed by one bit verifies as nothing. Unsubscribe links do not expire
 * (RFC 8058 expects them to keep working).
 */
@Component
public class MailLinks {

    public static final String UNSUBSCRIBE_PATH = "/u/";
    public static final String OPEN_PATH = "/t/o/";
    public static final String CLICK_PATH = "/t/c/";

    private static final byte UNSUBSCRIBE = 1;
    private static final byte OPEN = 2;
    private static final byte CLICK = 3;
    private static final String PURPOSE = "growth-mail-links";
    private static final int MAC_BYTES = 32;
    private static final int MAX_TOKEN = 4_096;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final PlatformEncryption encryption;
    private final PlatformSettings platform;
    private final Map<String, SecretKey> keys = new ConcurrentHashMap<>();

    MailLinks(PlatformEncryption encryption, PlatformSettings platform) {
        this.encryption = encryption;
        this.platform = platform;
    }

    /** Who unsubscribes from what. */
    public record Unsubscribe(String address, MailCategory category) {}

    /** What a tracking link records, and where a click goes. */
    public record Tracked(
            String trackingId,
            MailEngagement.Kind kind,
            @Nullable String url) {}

    public String unsubscribeToken(String address, MailCategory category) {
        return sign(UNSUBSCRIBE, category.wire(), address);
    }

    public String unsubscribeUrl(String address, MailCategory category) {
        return platform.url(UNSUBSCRIBE_PATH + unsubscribeToken(address, category));
    }

    public String openUrl(String trackingId) {
        return platform.url(OPEN_PATH + sign(OPEN, trackingId, "") + ".gif");
    }

    public String clickUrl(String trackingId, String url) {
        return platform.url(CLICK_PATH + sign(CLICK, trackingId, url));
    }

    public Optional<Unsubscribe> verifyUnsubscribe(String token) {
        return verify(token, UNSUBSCRIBE)
                .flatMap(fields -> MailCategory.fromWire(fields[0])
                        .filter(c -> !fields[1].isEmpty())
                        .map(category -> new Unsubscribe(fields[1], category)));
    }

    public Optional<Tracked> verifyOpen(String token) {
        String bare = token.endsWith(".gif") ? token.substring(0, token.length() - 4) : token;
        return verify(bare, OPEN).map(fields -> new Tracked(fields[0], MailEngagement.Kind.OPENED, null));
    }

    public Optional<Tracked> verifyClick(String token) {
        return verify(token, CLICK)
                .filter(fields -> fields[1].startsWith("https://") || fields[1].startsWith("http://"))
                .map(fields -> new Tracked(fields[0], MailEngagement.Kind.CLICKED, fields[1]));
    }

    // Payload: kind, master key id, first, second (each a 2-byte length and UTF-8 bytes).
    private String sign(byte kind, String first, String second) {
        String keyId = encryption.currentMasterKeyId();
        byte[] key = keyId.getBytes(StandardCharsets.UTF_8);
        byte[] a = first.getBytes(StandardCharsets.UTF_8);
        byte[] b = second.getBytes(StandardCharsets.UTF_8);
        ByteBuffer payload = ByteBuffer.allocate(1 + 6 + key.length + a.length + b.length);
        payload.put(kind);
        putString(payload, key);
        putString(payload, a);
        putString(payload, b);
        byte[] body = payload.array();
        return ENCODER.encodeToString(body) + "." + ENCODER.encodeToString(mac(keyId, body));
    }

    private Optional<String[]> verify(String token, byte kind) {
        try {
            int dot = token.indexOf('.');
            if (dot <= 0 || token.length() > MAX_TOKEN) {
                return Optional.empty();
            }
            byte[] body = DECODER.decode(token.substring(0, dot));
            byte[] given = DECODER.decode(token.substring(dot + 1));
            ByteBuffer payload = ByteBuffer.wrap(body);
            if (payload.get() != kind) {
                return Optional.empty();
            }
            String keyId = getString(payload);
            String first = getString(payload);
            String second = getString(payload);
            if (payload.hasRemaining()
                    || given.length != MAC_BYTES
                    || !MessageDigest.isEqual(mac(keyId, body), given)) {
                return Optional.empty();
            }
            return Optional.of(new String[] {first, second});
        } catch (IllegalArgumentException | BufferUnderflowException | DecryptionFailed e) {
            // Not base64, cut short, or signed under a master key this node does not have: as good as forged.
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

    private static void putString(ByteBuffer buffer, byte[] bytes) {
        buffer.putShort((short) bytes.length).put(bytes);
    }

    private static String getString(ByteBuffer buffer) {
        int length = buffer.getShort() & 0xffff;
        byte[] bytes = new byte[length];
        buffer.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
