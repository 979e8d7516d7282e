package io.levqor.privacy.internal;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Field-encryption keys, bound to {@code levqor.privacy.*}.
 *
 * @param masterKey the current master key (base64 of 32 bytes, {@code LEVQOR_MASTER_KEY}); blank → a key generated
 *     into {@code <data-dir>/master.key}
 * @param previousMasterKeys retired or upcoming master keys this node may unwrap with during a rotation
 *     ({@code LEVQOR_MASTER_KEY_PREVIOUS}, comma-separated)
 * @param rewrapOnStart re-wrap data keys sealed by a previous master key with the current one when the node starts
 */
@ConfigurationProperties("levqor.privacy")
public record PrivacySettings(
        @Nullable String masterKey, @Nullable List<String> previousMasterKeys, boolean rewrapOnStart) {

    public List<String> previous() {
        return previousMasterKeys == null
                ? List.of()
                : previousMasterKeys.stream()
                        .map(String::trim)
                        .filter(s -> !s.isEmpty())
                        .toList();
    }
}
