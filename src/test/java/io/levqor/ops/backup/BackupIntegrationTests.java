package io.levqor.ops.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.levqor.billing.Credits;
import io.levqor.billing.PlanAssignments;
import io.levqor.identity.internal.OperatorBootstrap;
import io.levqor.ops.backup.jdbc.BackupRepository;
import io.levqor.ops.backup.jdbc.BackupRepository.BackupRow;
import io.levqor.ops.backup.jdbc.DatabaseCopy;
import io.levqor.privacy.FieldEncryption;
import io.levqor.privacy.PlatformEncryption;
import io.levqor.privacy.internal.DataKeys;
import io.levqor.privacy.internal.MasterKeyring;
import io.levqor.privacy.internal.PrivacySettings;
import io.levqor.privacy.jdbc.DataKeyRepository;
import io.levqor.shared.Ids;
import io.levqor.shared.PlatformSettings;
import io.levqor.shared.WorkspaceId;
import io.levqor.support.HttpApi;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.support.MutableClock;
import io.levqor.support.TestAccounts;
import io.levqor.support.TestAccounts.Account;
import io.levqor.support.TestDatabase;
import io.levqor.workflow.Credentials;
import io.levqor.workflow.credentials.jdbc.CredentialRepository;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.json.JsonMapper;

@LevqorIntegrationTest
class BackupIntegrationTests {

    @Autowired
    io.levqor.identity.AuditTrail audit;

    @Autowired
    Backups backups;

    @Autowired
    BackupRestore restore;

    @Autowired
    BackupSchedule schedule;

    @Autowired
    BackupSettings settings;

    @Autowired
    HttpApi api;

    @Autowired
    TestAccounts accounts;

    @Autowired
    Credentials credentials;

    @Autowired
    PlanAssignments plans;

    @Autowired
    Credits credits;

    @Autowired
    MutableClock clock;

    @Autowired
    MasterKeyring masterKeys;

    @Autowired
    PlatformEncryption encryption;

    @Autowired
    JsonMapper json;

    @Autowired
    DataSource dataSource;

    @Autowired
    OperatorBootstrap operators;

    @Autowired
    Flyway flyway;

    @Autowired
    BackupCommands commands;

    @BeforeEach
    void emptyTheBackupDirectory() throws IOException {
        Files.createDirectories(settings.directory());
        try (Stream<Path> files = Files.list(settings.directory())) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
    }

    @Test
    void restoreDrill() throws Exception {
        Account owner = accounts.signUp();
        var workspace = new WorkspaceId(UUID.fromString(owner.workspaceId()));
        plans.assign(workspace, "business", "drill");
        credits.grant(workspace, 100_000, "drill");
        credentials.create(workspace, "peer", "bearer", Map.of("token", "drill-secret-token-1"));
        String workflowId = workflow(owner);
        for (int i = 0; i < 5; i++) {
            startRun(owner, workflowId);
        }
        var jdbc = JdbcClient.create(dataSource);
        int paymentsBefore = payments(jdbc);

        // Runs and payments keep being written while the backup is taken.
        var stop = new AtomicBoolean();
        var written = new AtomicInteger();
        var writer = CompletableFuture.runAsync(() -> {
            while (!stop.get() || written.get() < 3) {
                startRun(owner, workflowId);
                insertPayment(jdbc, workspace);
                written.incrementAndGet();
            }
        });
        BackupRow row;
        try {
            row = backups.run("drill");
        } finally {
            stop.set(true);
            writer.join();
        }

        assertThat(row.status()).as(String.valueOf(row.error())).isEqualTo("succeeded");
        assertThat(row.verified()).isTrue();
        Path archive = settings.directory().resolve(row.fileName());
        assertThat(archive).exists();
        assertThat(BackupFiles.checksumFile(archive)).content().startsWith(row.checksum());

        String fresh = "levqor_drill_" + Ids.newId().toString().substring(0, 8);
        DriverManagerDataSource drill = createDatabase(fresh);
        try {
            var drillRestore =
                    new BackupRestore(drill, encryption, json, new BackupRepository(JdbcClient.create(drill)));
            Manifest manifest = drillRestore.restore(archive, false);

            try (Connection connection = drill.getConnection()) {
                for (Manifest.Table table : manifest.tables()) {
                    if (table.name().equals(DatabaseCopy.PARTITIONS)) {
                        // analytics' monthly partitions, made at run time: recreated by the restore, else their rows
                        // had
                        // nowhere to go
                        assertThat(new String(
                                        DatabaseCopy.partitions(connection), java.nio.charset.StandardCharsets.UTF_8))
                                .contains("analytics_event_");
                        continue;
                    }
                    assertThat(DatabaseCopy.count(connection, table.name()))
                            .as(table.name())
                            .isEqualTo(table.rows());
                    if (!table.name().equals("ops_backup")) {
                        assertThat(sha256(connection, table.name()))
                                .as(table.name())
                                .isEqualTo(table.sha256());
                    }
                }
            }
            var restored = JdbcClient.create(drill);
            // The snapshot held this backup's own row, still running; the restore says what became of it.
            assertThat(restored.sql("SELECT status FROM ops_backup WHERE id = ?")
                            .param(row.id())
                            .query(String.class)
                            .single())
                    .isEqualTo("failed");
            assertThat(payments(restored)).isBetween(paymentsBefore, paymentsBefore + written.get());
            assertThat(restored.sql("SELECT count(*) FROM run WHERE tenant_id = ?")
                            .param(workspace.value())
                            .query(Long.class)
                            .single())
                    .isGreaterThanOrEqualTo(5);
            // The restored data keys, unwrapped by the master key, still open the restored credential.
            var restoredKeys =
                    new DataKeys(new DataKeyRepository(restored), masterKeys, clock, new JdbcTransactionManager(drill));
            var restoredVault = new Credentials(
                    new CredentialRepository(restored), new FieldEncryption(restoredKeys), audit, clock);
            assertThat(restoredVault.resolve(workspace, "peer")).containsEntry("token", "drill-secret-token-1");
        } finally {
            dropDatabase(fresh);
        }
    }

    @Test
    void aDamagedForeignOrMisdirectedArchiveIsRefusedBeforeAnythingIsWritten() throws Exception {
        Account owner = accounts.signUp();
        BackupRow row = backups.run("test");
        assertThat(row.status()).as(String.valueOf(row.error())).isEqualTo("succeeded");
        Path archive = settings.directory().resolve(row.fileName());
        byte[] bytes = Files.readAllBytes(archive);
        var jdbc = JdbcClient.create(dataSource);
        long users = jdbc.sql("SELECT count(*) FROM app_user").query(Long.class).single();
        Path elsewhere = Files.createTempDirectory("levqor-damaged");

        // One flipped byte anywhere: in the header, the first chunk, the middle, the last tag.
        for (int position : new int[] {3, 20, 200, bytes.length / 2, bytes.length - 1}) {
            byte[] damaged = bytes.clone();
            damaged[position] ^= 0x01;
            Path copy = elsewhere.resolve("damaged-" + position + BackupFiles.SUFFIX);
            Files.write(copy, damaged);
            assertThatThrownBy(() -> restore.restore(copy, true))
                    .as("byte " + position)
                    .isInstanceOf(ArchiveRefused.class)
                    .hasMessageContaining("archive");
        }
        // Cut short at a chunk boundary or anywhere.
        Path truncated = elsewhere.resolve("truncated" + BackupFiles.SUFFIX);
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length - 40));
        assertThatThrownBy(() -> restore.restore(truncated, true)).isInstanceOf(ArchiveRefused.class);
        // The sidecar catches the flip first when it is there.
        byte[] flipped = bytes.clone();
        flipped[bytes.length / 3] ^= 0x40;
        Path withSidecar = elsewhere.resolve(archive.getFileName());
        Files.write(withSidecar, flipped);
        Files.copy(BackupFiles.checksumFile(archive), BackupFiles.checksumFile(withSidecar));
        assertThatThrownBy(() -> restore.restore(withSidecar, true))
                .isInstanceOf(ArchiveRefused.class)
                .hasMessageContaining("SHA-256");

        // An archive of another install: sealed under another master key.
        var otherInstall = new PlatformEncryption(new MasterKeyring(
                new PrivacySettings(MasterKeyring.newEncodedKey(), List.of(), false),
                new PlatformSettings(URI.create("http://localhost"), elsewhere, DataSize.ofMegabytes(1))));
        Path foreign = elsewhere.resolve("foreign" + BackupFiles.SUFFIX);
        try (OutputStream sealed = ArchiveCipher.encrypt(
                Files.newOutputStream(foreign),
                otherInstall,
                json,
                clock.instant().toString())) {
            new ArchiveContent.Writer(sealed).finish(json.writeValueAsBytes(Map.of()));
        }
        assertThatThrownBy(() -> restore.restore(foreign, true))
                .isInstanceOf(ArchiveRefused.class)
                .hasMessageContaining("another install")
                .hasMessageContaining(otherInstall.currentMasterKeyId());
        Path notAnArchive = elsewhere.resolve("notes.txt");
        Files.writeString(notAnArchive, "hello");
        assertThatThrownBy(() -> restore.restore(notAnArchive, true))
                .isInstanceOf(ArchiveRefused.class)
                .hasMessageContaining("not a Levqor backup");

        // A good archive into a database that holds data, without --force.
        assertThatThrownBy(() -> restore.restore(archive, false))
                .isInstanceOf(RestoreRefused.class)
                .hasMessageContaining("not empty")
                .hasMessageContaining("--force");

        // The command's exit codes: 1 archive refused, 2 database refused or bad usage.
        assertThat(commands.restore(
                        List.of(
                                "restore",
                                elsewhere
                                        .resolve("foreign" + BackupFiles.SUFFIX)
                                        .toString()),
                        true))
                .isEqualTo(1);
        assertThat(commands.restore(List.of("restore", archive.toString()), false))
                .isEqualTo(2);
        assertThat(commands.restore(List.of("restore"), false)).isEqualTo(2);

        assertThat(jdbc.sql("SELECT count(*) FROM app_user").query(Long.class).single())
                .isEqualTo(users);
        assertThat(accounts.signUp()).isNotNull(); // still serving
        assertThat(owner).isNotNull();
    }

    @Test
    void aFailedBackupIsRecordedWithItsErrorAndCountsForNothing() throws IOException {
        Path directory = settings.directory();
        Files.delete(directory);
        Files.writeString(directory, "a file where the backup directory should be");
        BackupRow row;
        try {
            row = backups.run("test");
        } finally {
            Files.delete(directory);
            Files.createDirectories(directory);
        }

        assertThat(row.status()).isEqualTo("failed");
        assertThat(row.verified()).isFalse();
        assertThat(row.error()).contains(directory.getFileName().toString());
        assertThat(row.fileName()).isNull();
        assertThat(backups.list(10)).extracting(BackupRow::id).contains(row.id());
    }

    @Test
    void retentionDeletesExactlyTheArchivesItDoesNotKeep() throws IOException {
        // 20 nightly archives, named by the clock as the backups would be; then one real backup today.
        clock.advance(Duration.ofDays(-25));
        List<Path> nightly = new ArrayList<>();
        for (int night = 0; night < 20; night++) {
            Path file = settings.directory().resolve(BackupFiles.name(clock.instant(), Ids.newId()));
            Files.writeString(file, "archive");
            Files.writeString(BackupFiles.checksumFile(file), "sum");
            nightly.add(file);
            clock.advance(Duration.ofDays(1));
        }
        clock.advance(Duration.ofDays(5));
        Path unrelated = settings.directory().resolve("notes.txt");
        Files.writeString(unrelated, "kept");

        BackupRow row = backups.run("test");

        assertThat(row.status()).as(String.valueOf(row.error())).isEqualTo("succeeded");
        List<Instant> all = new ArrayList<>(nightly.stream()
                .map(file -> BackupFiles.madeAt(file).orElseThrow())
                .toList());
        all.add(BackupFiles.madeAt(Path.of(row.fileName())).orElseThrow());
        var expectedDeleted = BackupRetention.toDelete(all, 7, 4);
        assertThat(expectedDeleted).hasSizeGreaterThan(8);
        for (Path file : nightly) {
            boolean deleted = expectedDeleted.contains(BackupFiles.madeAt(file).orElseThrow());
            assertThat(Files.exists(file)).as(file.getFileName().toString()).isEqualTo(!deleted);
            assertThat(Files.exists(BackupFiles.checksumFile(file))).isEqualTo(!deleted);
        }
        assertThat(settings.directory().resolve(row.fileName())).exists();
        assertThat(unrelated).exists();
    }

    @Test
    void theScheduledBackupRunsOncePerSlotWhicheverNodeAsksFirst() {
        Instant now = clock.instant();
        Instant twoAm = now.atZone(ZoneOffset.UTC)
                .truncatedTo(ChronoUnit.DAYS)
                .plusHours(2)
                .toInstant();
        if (!twoAm.isAfter(now)) {
            twoAm = twoAm.plus(Duration.ofDays(1));
        }
        clock.advance(Duration.between(now, twoAm).plusSeconds(90));
        assertThat(schedule.dueSlot(clock.instant())).isEqualTo(twoAm);
        assertThat(schedule.dueSlot(twoAm.plus(Duration.ofMinutes(61)))).isNull();
        assertThat(schedule.dueSlot(twoAm.minusSeconds(1))).isNull();

        var first = schedule.runDue();
        var second = schedule.runDue();

        assertThat(first).isPresent();
        assertThat(first.get().status()).isEqualTo("succeeded");
        assertThat(first.get().trigger()).isEqualTo("schedule");
        assertThat(second).isEmpty();
        assertThat(backups.list(10))
                .filteredOn(b -> b.trigger().equals("schedule"))
                .hasSize(1);
    }

    @Test
    void theOperatorListsBackupsAndStartsOneNow() {
        Account user = accounts.signUp();
        assertThat(api.get("/api/v1/admin/backups")
                        .bearer(user.accessToken())
                        .send()
                        .status())
                .isEqualTo(403);
        assertThat(api.post("/api/v1/admin/backups", Map.of())
                        .bearer(user.accessToken())
                        .send()
                        .status())
                .isEqualTo(403);
        assertThat(api.get("/api/v1/admin/backups").send().status()).isEqualTo(401);

        Account operator = accounts.signUp();
        operators.apply(operator.email());
        String token = api.post(
                        "/api/v1/auth/login", Map.of("email", operator.email(), "password", operator.password()))
                .send()
                .json()
                .path("accessToken")
                .asString();
        var started = api.post("/api/v1/admin/backups", Map.of()).bearer(token).send();
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        String id = started.json().path("id").asString();

        var listed = await(
                "the backup to finish",
                () -> api.get("/api/v1/admin/backups")
                        .bearer(token)
                        .send()
                        .json()
                        .path("items")
                        .get(0),
                item -> !item.path("status").asString().equals("running"));
        assertThat(listed.path("id").asString()).isEqualTo(id);
        assertThat(listed.path("status").asString()).as(listed.toString()).isEqualTo("succeeded");
        assertThat(listed.path("verified").asBoolean()).isTrue();
        assertThat(listed.path("sizeBytes").asLong()).isPositive();
        assertThat(listed.path("checksum").asString()).hasSize(64);
        assertThat(listed.path("target").asString()).startsWith("local:");
        assertThat(listed.path("durationMs").isNumber()).isTrue();

        String metrics =
                api.get("/metrics").bearer(TestDatabase.METRICS_TOKEN).send().body();
        assertThat(metrics)
                .containsPattern("levqor_backup_last_success_timestamp_seconds\\{[^}]*} [1-9]")
                .containsPattern("levqor_backup_last_size_bytes\\{[^}]*} [1-9]")
                .contains("levqor_backup_last_duration_seconds");
        var document = api.get("/v3/api-docs").send().json().get("paths");
        assertThat(document.at("/~1api~1v1~1admin~1backups/post/responses").has("202"))
                .isTrue();
        assertThat(document.at("/~1api~1v1~1admin~1backups/get/responses").has("200"))
                .isTrue();
        operators.apply("");
    }

    private String workflow(Account owner) {
        var created = api.post(
                        "/api/v1/workflows",
                        Map.of(
                                "name",
                                "drill",
                                "definition",
                                Map.of(
                                        "trigger",
                                        Map.of("type", "manual"),
                                        "steps",
                                        List.of(Map.of("id", "greet", "type", "transform", "output", "{{ 'hi' }}")),
                                        "output",
                                        "{{ steps.greet.output }}")))
                .bearer(owner.accessToken())
                .send();
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    private void startRun(Account owner, String workflowId) {
        var started = api.post("/api/v1/workflows/" + workflowId + "/runs", Map.of("input", Map.of()))
                .bearer(owner.accessToken())
                .send();
        assertThat(started.status()).as(started.body()).isEqualTo(202);
    }

    private static void insertPayment(JdbcClient jdbc, WorkspaceId workspace) {
        jdbc.sql("""
                        INSERT INTO billing_payment (tenant_id, id, provider, external_id, plan, amount, currency, paid_at)
                        VALUES (?, ?, 'stripe', ?, 'starter', 1900, 'USD', now())
                        """)
                .param(workspace.value())
                .param(Ids.newId())
                .param("pi_drill_" + Ids.newId())
                .update();
    }

    private static int payments(JdbcClient jdbc) {
        return jdbc.sql("SELECT count(*) FROM billing_payment WHERE external_id LIKE 'pi_drill_%'")
                .query(Integer.class)
                .single();
    }

    private static String sha256(Connection connection, String table) throws SQLException {
        var sha = Sha256.digest();
        DatabaseCopy.copyOut(connection, table, new DigestOutputStream(OutputStream.nullOutputStream(), sha));
        return HexFormat.of().formatHex(sha.digest());
    }

    private DriverManagerDataSource createDatabase(String name) {
        JdbcClient.create(dataSource).sql("CREATE DATABASE " + name).update();
        var created = new DriverManagerDataSource(BackupVerifier.withDatabase(TestDatabase.jdbcUrl(), name));
        Flyway.configure()
                .configuration(flyway.getConfiguration())
                .dataSource(created)
                .load()
                .migrate();
        return created;
    }

    private void dropDatabase(String name) {
        JdbcClient.create(dataSource)
                .sql("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
                .update();
    }

    private static <T> T await(String what, Supplier<T> probe, java.util.function.Predicate<T> done) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        T last = probe.get();
        while (!done.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up waiting for " + what + "; last seen: " + last);
            }
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
            last = probe.get();
        }
        return last;
    }
}
