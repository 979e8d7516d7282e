package io.levqor.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.levqor.privacy.internal.MasterKeyCheck;
import io.levqor.privacy.internal.MasterKeyring;
import io.levqor.privacy.internal.PrivacySettings;
import io.levqor.privacy.jdbc.DataKeyRepository;
import io.levqor.privacy.jdbc.MasterKeyCheckRepository;
import io.levqor.shared.PlatformSettings;
import io.levqor.shared.WorkspaceId;
import io.levqor.support.LevqorIntegrationTest;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** A node whose LEVQOR_MASTER_KEY is not the database's refuses to start, with a message that names the setting. */
@LevqorIntegrationTest
class MasterKeyCheckIntegrationTests {

    private static final String KEY_A = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
    private static final String KEY_B = "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100";

    @Autowired
    MasterKeyCheckRepository repository;

    @Autowired
    DataKeyRepository dataKeys;

    @Autowired
    PlatformSettings platform;

    private MasterKeyCheck node(String masterKey, String... previous) {
        return new MasterKeyCheck(
                repository, new MasterKeyring(new PrivacySettings(masterKey, List.of(previous), false), platform));
    }

    @Test
    void theFirstStartRecordsTheKeyAndTheSameKeyStartsAgain() {
        node(KEY_A).verify();

        assertThat(repository.find()).isPresent();
        node(KEY_A).verify();
    }

    @Test
    void anotherKeyIsRefusedWithAMessageNamingTheSetting() {
        node(KEY_A).verify();

        assertThatThrownBy(() -> node(KEY_B).verify())
                .isInstanceOf(MasterKeyCheck.MasterKeyMismatch.class)
                .hasMessageContaining("LEVQOR_MASTER_KEY");
    }

    @Test
    void dataKeysWrappedByAnUnknownKeyAreRefusedEvenBeforeACheckValueExists() {
        var keyA = new MasterKeyring(new PrivacySettings(KEY_A, List.of(), false), platform);
        dataKeys.insertActiveIfNone(
                WorkspaceId.newId(), UUID.randomUUID(), new byte[] {1, 2, 3}, keyA.currentId(), Instant.now());

        assertThatThrownBy(() -> node(KEY_B).verify())
                .isInstanceOf(MasterKeyCheck.MasterKeyMismatch.class)
                .hasMessageContaining("LEVQOR_MASTER_KEY")
                .hasMessageContaining(keyA.currentId());
        assertThat(repository.find()).isEmpty();
    }

    @Test
    void aRotationWithTheOldKeyInPreviousStartsAndMovesTheCheckOn() {
        node(KEY_A).verify();

        node(KEY_B, KEY_A).verify();

        var keyB = new MasterKeyring(new PrivacySettings(KEY_B, List.of(), false), platform);
        assertThat(repository.find().orElseThrow().masterKeyId()).isEqualTo(keyB.currentId());
        node(KEY_B).verify();
        assertThatThrownBy(() -> node(KEY_A).verify()).isInstanceOf(MasterKeyCheck.MasterKeyMismatch.class);
    }
}
