package io.levqor.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.levqor.privacy.internal.MasterKeyring;
import io.levqor.privacy.internal.PrivacySettings;
import io.levqor.shared.PlatformSettings;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class PlatformEncryptionTests {

    private static final String OLD = MasterKeyring.newEncodedKey();
    private static final String NEW = MasterKeyring.newEncodedKey();
    private static final byte[] SECRET = "{\"d\":\"private\"}".getBytes(StandardCharsets.UTF_8);

    private static PlatformEncryption with(String current, String... previous) {
        PlatformSettings platform =
                new PlatformSettings(URI.create("http://localhost"), Path.of("."), DataSize.ofMegabytes(1));
        return new PlatformEncryption(
                new MasterKeyring(new PrivacySettings(current, List.of(previous), false), platform));
    }

    @Test
    void sealedValuesOpenOnlyForTheirPurpose() {
        PlatformEncryption encryption = with(NEW);
        byte[] sealed = encryption.seal("identity.signing-key:a", SECRET);

        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("private");
        assertThat(encryption.open("identity.signing-key:a", sealed)).isEqualTo(SECRET);
        assertThatThrownBy(() -> encryption.open("identity.signing-key:b", sealed))
                .isInstanceOf(DecryptionFailed.class);
        assertThat(encryption.sealedWithCurrentKey(sealed)).isTrue();
    }

    @Test
    void afterAMasterKeyRotationOldValuesOpenWithThePreviousKeyAndAskToBeResealed() {
        byte[] sealed = with(OLD).seal("p", SECRET);
        PlatformEncryption rotated = with(NEW, OLD);

        assertThat(rotated.open("p", sealed)).isEqualTo(SECRET);
        assertThat(rotated.sealedWithCurrentKey(sealed)).isFalse();
        assertThat(rotated.sealedWithCurrentKey(rotated.seal("p", SECRET))).isTrue();
        assertThatThrownBy(() -> with(NEW).open("p", sealed)).isInstanceOf(DecryptionFailed.class);
        assertThatThrownBy(() -> rotated.open("p", new byte[] {9, 9})).isInstanceOf(DecryptionFailed.class);
    }
}
