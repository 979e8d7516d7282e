package io.levqor.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.levqor.connectors.Peer;
import io.levqor.connectors.Redactor;
import io.levqor.connectors.StepFailure;
import io.levqor.connectors.StepOutcome;
import io.levqor.connectors.StepRequest;
import io.levqor.connectors.StepType;
import io.levqor.privacy.DecryptionFailed;
import io.levqor.privacy.FieldEncryption;
import io.levqor.privacy.MasterKeyRotation;
import io.levqor.privacy.internal.DataKeys;
import io.levqor.privacy.internal.MasterKeyring;
import io.levqor.privacy.internal.PrivacySettings;
import io.levqor.privacy.jdbc.DataKeyRepository;
import io.levqor.shared.FieldError;
import io.levqor.shared.PlatformSettings;
import io.levqor.shared.ProblemException;
import io.levqor.shared.ValidationFailed;
import io.levqor.shared.WorkspaceId;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.workflow.credentials.jdbc.CredentialRepository;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

@LevqorIntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class CredentialsIntegrationTests {

    static final String SECRET = "sk-live-the-very-secret-value";

    @Autowired
    io.levqor.identity.AuditTrail audit;

    @Autowired
    Credentials credentials;

    @Autowired
    FieldEncryption encryption;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataKeyRepository dataKeyRepository;

    @Autowired
    CredentialRepository credentialRepository;

    @Autowired
    PlatformSettings platform;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    Clock clock;

    @Autowired
    List<StepType> stepTypes;

    final WorkspaceId workspaceA = WorkspaceId.newId();
    final WorkspaceId workspaceB = WorkspaceId.newId();

    @Test
    void createsListsReplacesAndDeletesWithoutEverShowingData() {
        CredentialView created = credentials.create(workspaceA, "Stripe API", "bearer", Map.of("token", SECRET));

        assertThat(created.name()).isEqualTo("Stripe API");
        assertThat(created.type()).isEqualTo("bearer");
        assertThat(credentials.list(workspaceA)).containsExactly(created);
        assertThat(created.toString()).doesNotContain(SECRET);
        assertThat(credentials.resolve(workspaceA, "stripe api")).isEqualTo(Map.of("token", SECRET, "type", "bearer"));

        CredentialView replaced =
                credentials.replace(workspaceA, created.id(), null, Map.of("token", "new-token-value"));
        assertThat(replaced.name()).isEqualTo("Stripe API");
        assertThat(credentials.resolve(workspaceA, "Stripe API")).containsEntry("token", "new-token-value");

        credentials.delete(workspaceA, created.id());
        assertThat(credentials.list(workspaceA)).isEmpty();
        assertThatThrownBy(() -> credentials.delete(workspaceA, created.id()))
                .isInstanceOfSatisfying(
                        ProblemException.class,
                        e -> assertThat(e.status().value()).isEqualTo(404));
    }

    @Test
    void validatesDataAgainstTheTypeAndStoresNothingWhenItIsBad() {
        assertThatThrownBy(() -> credentials.create(workspaceA, "smtp", "smtp", Map.of("port", "25")))
                .isInstanceOfSatisfying(
                        ValidationFailed.class,
                        e -> assertThat(e.errors())
                                .containsExactlyInAnyOrder(
                                        new FieldError("data.port", "must be an integer"),
                                        new FieldError("data.host", "is required"),
                                        new FieldError("data.from", "is required")));
        assertThatThrownBy(() -> credentials.create(workspaceA, "", "magic", null))
                .isInstanceOfSatisfying(
                        ValidationFailed.class,
                        e -> assertThat(e.errors())
                                .extracting(FieldError::field)
                                .containsExactlyInAnyOrder("name", "data"));
        assertThat(credentials.list(workspaceA)).isEmpty();
    }

    @Test
    void namesAreUniquePerWorkspace() {
        credentials.create(workspaceA, "api", "bearer", Map.of("token", "one-token"));

        assertThatThrownBy(() -> credentials.create(workspaceA, "API", "bearer", Map.of("token", "two-token")))
                .isInstanceOfSatisfying(
                        ProblemException.class,
                        e -> assertThat(e.status().value()).isEqualTo(409));
        assertThat(credentials.create(workspaceB, "api", "bearer", Map.of("token", "three-token")))
                .isNotNull();
    }

    @Test
    void theDatabaseHoldsCiphertextNotPlaintext() {
        credentials.create(workspaceA, "db", "basic", Map.of("username", "admin", "password", SECRET));

        List<String> rows =
                jdbc.sql("SELECT c::text FROM credential c").query(String.class).list();
        byte[] ciphertext = jdbc.sql("SELECT ciphertext FROM credential")
                .query(byte[].class)
                .single();
        List<String> keys = jdbc.sql("SELECT k::text FROM privacy_data_key k")
                .query(String.class)
                .list();

        assertThat(rows)
                .hasSize(1)
                .allSatisfy(row -> assertThat(row).doesNotContain(SECRET).doesNotContain("admin"));
        assertThat(new String(ciphertext, StandardCharsets.ISO_8859_1)).doesNotContain(SECRET);
        assertThat(FieldEncryption.keyId(ciphertext))
                .isEqualTo(jdbc.sql("SELECT key_id FROM credential")
                        .query(UUID.class)
                        .single());
        assertThat(keys).hasSize(1);
    }

    @Test
    void anotherWorkspaceCannotReadOrDecrypt() {
        credentials.create(workspaceA, "shared-name", "bearer", Map.of("token", SECRET));
        byte[] ciphertext = jdbc.sql("SELECT ciphertext FROM credential")
                .query(byte[].class)
                .single();
        credentials.create(workspaceB, "other", "bearer", Map.of("token", "b-token-value"));

        assertThatThrownBy(() -> credentials.resolve(workspaceB, "shared-name"))
                .isInstanceOf(StepFailure.class)
                .hasMessage("credential 'shared-name' does not exist in this workspace");
        assertThatThrownBy(() -> encryption.decrypt(workspaceB, ciphertext)).isInstanceOf(DecryptionFailed.class);

        // Even a row copied into B's rows (a forgotten tenant filter, a bad restore) does not open.
        jdbc.sql("""
                INSERT INTO credential (tenant_id, id, name, type, ciphertext, key_id, created_at, updated_at)
                SELECT :b, gen_random_uuid(), 'stolen', type, ciphertext, key_id, created_at, updated_at
                  FROM credential WHERE tenant_id = :a
                """)
                .param("a", workspaceA.value())
                .param("b", workspaceB.value())
                .update();
        assertThatThrownBy(() -> credentials.resolve(workspaceB, "stolen"))
                .isInstanceOf(StepFailure.class)
                .hasMessage("credential 'stolen' cannot be decrypted (see the server log)");
    }

    @Test
    void rotatingTheMasterKeyKeepsEveryCredentialReadable() throws Exception {
        List<WorkspaceId> workspaces = List.of(workspaceA, workspaceB, WorkspaceId.newId());
        for (WorkspaceId workspace : workspaces) {
            credentials.create(workspace, "key", "bearer", Map.of("token", "token-of-" + workspace));
        }
        String oldKey =
                Files.readString(platform.dataDir().resolve("master.key")).trim();
        String newKey = MasterKeyring.newEncodedKey();

        // Phase 1 (every node learns the new key) and phase 2 (it becomes current, the old one previous).
        Node learning = node(oldKey, newKey);
        Node rotated = node(newKey, oldKey);
        assertThat(rotated.rotation.pending()).isEqualTo(3);
        assertThat(rotated.rotation.rewrapDataKeys()).isEqualTo(3);
        assertThat(rotated.rotation.pending()).isZero();

        Node newKeyOnly = node(newKey, null);
        for (WorkspaceId workspace : workspaces) {
            assertThat(newKeyOnly.credentials.resolve(workspace, "key"))
                    .containsEntry("token", "token-of-" + workspace);
            assertThat(learning.credentials.resolve(workspace, "key")).containsEntry("token", "token-of-" + workspace);
        }
        assertThat(jdbc.sql("SELECT DISTINCT master_key_id FROM privacy_data_key")
                        .query(String.class)
                        .list())
                .containsExactly(rotated.rotation.currentMasterKeyId());
        Node oldKeyOnly = node(oldKey, null);
        assertThatThrownBy(() -> oldKeyOnly.credentials.resolve(workspaceA, "key"))
                .isInstanceOf(StepFailure.class);
    }

    @Test
    void rotatingAWorkspaceDataKeyKeepsOldCiphertextsReadable() {
        credentials.create(workspaceA, "before", "bearer", Map.of("token", "old-key-token"));
        UUID rotated = encryption.rotateDataKey(workspaceA);

        credentials.create(workspaceA, "after", "bearer", Map.of("token", "new-key-token"));

        assertThat(credentials.resolve(workspaceA, "before")).containsEntry("token", "old-key-token");
        assertThat(credentials.resolve(workspaceA, "after")).containsEntry("token", "new-key-token");
        assertThat(jdbc.sql("SELECT key_id FROM credential WHERE name = 'after'")
                        .query(UUID.class)
                        .single())
                .isEqualTo(rotated);
    }

    @Test
    void aSecretUsedByAnHttpStepNeverReachesItsStoredResultOrTheLog(CapturedOutput log) throws Exception {
        credentials.create(workspaceA, "echo-auth", "bearer", Map.of("token", SECRET));
        StepType http = stepTypes.stream()
                .filter(t -> t.name().equals("http"))
                .findFirst()
                .orElseThrow();
        try (Peer peer = new Peer()) {
            peer.echo();
            peer.on("/fail", Peer.Reply.json(500, "{\"echo\": \"Bearer " + SECRET + "\"}"));
            Redactor redactor = new Redactor();
            var resolver = redactor.watch(credentials.resolverFor(workspaceA));

            StepOutcome ok = redactor.redact(http.execute(request(peer.url("/echo"), resolver)));
            StepOutcome failed = redactor.redact(http.execute(request(peer.url("/fail"), resolver)));

            assertThat(peer.received())
                    .allSatisfy(r -> assertThat(r.header("Authorization")).isEqualTo("Bearer " + SECRET));
            assertThat(String.valueOf(((StepOutcome.Succeeded) ok).output()))
                    .doesNotContain(SECRET)
                    .contains("Bearer ***");
            var failure = (StepOutcome.Failed) failed;
            assertThat(failure.error() + failure.output()).doesNotContain(SECRET);
        }
        assertThat(log.getAll()).doesNotContain(SECRET);
    }

    private StepRequest request(String url, io.levqor.connectors.CredentialResolver resolver) {
        return new StepRequest(
                workspaceA,
                UUID.randomUUID(),
                UUID.randomUUID(),
                "call",
                1,
                Map.of("url", url, "credential", "echo-auth"),
                Duration.ofSeconds(5),
                resolver);
    }

    private record Node(Credentials credentials, MasterKeyRotation rotation) {}

    /** Another Levqor node's view of the same database, configured with these master keys. */
    private Node node(String masterKey, String previous) {
        var keyring = new MasterKeyring(
                new PrivacySettings(masterKey, previous == null ? List.of() : List.of(previous), false), platform);
        var keys = new DataKeys(dataKeyRepository, keyring, clock, transactions);
        return new Node(
                new Credentials(credentialRepository, new FieldEncryption(keys), audit, clock),
                new MasterKeyRotation(keys, keyring));
    }
}
