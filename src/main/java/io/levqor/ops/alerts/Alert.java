package io.levqor.ops.alerts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One firing episode of an alert, as Alertmanager models it.
 *
 * @param fingerprint the stable hash of {@code name} and {@code labels}: the same condition has the same one
 * @param state {@code firing} or {@code resolved}
 * @param endsAt when it resolved; null while it fires
 */
public record Alert(
        UUID id,
        String fingerprint,
        String name,
        String severity,
        Map<String, String> labels,
        Map<String, String> annotations,
        String state,
        Instant startsAt,
        @Nullable Instant endsAt) {

    /** The labels silences and grouping see: the alert's own plus {@code alertname} and {@code severity}. */
    public Map<String, String> matchable() {
        Map<String, String> all = new TreeMap<>(labels);
        all.put("alertname", name);
        all.put("severity", severity);
        return all;
    }

    /**
     * SHA-256 (hex) of the name and the labels sorted by name, each string prefixed with its length so that no
     * value can pose as another label.
     */
    public static String fingerprint(String name, Map<String, String> labels) {
        StringBuilder text =
                new StringBuilder().append(name.length()).append(':').append(name);
        new TreeMap<>(labels)
                .forEach((key, value) -> text.append(key.length())
                        .append(':')
                        .append(key)
                        .append(value.length())
                        .append(':')
                        .append(value));
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
