package io.levqor.ops.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.levqor.identity.internal.OperatorBootstrap;
import io.levqor.ops.backup.jdbc.BackupRepository;
import io.levqor.ops.backup.jdbc.BackupRepository.BackupRow;
import io.levqor.ops.backup.jdbc.DatabaseCopy;
import io.levqor.privacy.PlatformEncryption;
import io.levqor.shared.Ids;
import io.levqor.support.HttpApi;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.support.MutableClock;
import io.levqor.support.S3Peer;
import io.levqor.support.TestAccounts;
import io.levqor.support.TestAccounts.Account;
import io.levqor.support.TestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.info.BuildProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * The S3-compatible target against an in-process peer: upload next to the local copy, retention in the bucket,
 * {@code restore s3://…}. The backups here are made by a {@link Backups} wired to the peer, on the shared context.
 */
@LevqorIntegrationTest
class S3BackupIntegrationTests {

    private static final String BUCKET = "levqor-backups";
    private static final String PREFIX = "nightly/";

    @Autowired
    DataSource dataSource;

    @Autowired
    BackupRepository repository;

    @Autowired
    PlatformEncryption encryption;

    @Autowired
    JsonMapper json;

    @Autowired
    MutableClock clock;

    @Autowired
    BackupVerifier verifier;

    @Autowired
    ObjectProvider<BuildProperties> build;

    @Autowired
    Flyway flyway;

    @Autowired
    HttpApi api;

    @Autowired
    TestAccounts accounts;

    @Autowired
    OperatorBootstrap operators;

    S3Peer peer;
    Path directory;
    BackupSettings settings;
    BackupBucket bucket;
    Backups backups;

    @BeforeEach
    void startThePeer() throws IOException {
        peer = S3Peer.start(BUCKET);
        directory = Files.createTempDirectory("levqor-s3-backups");
        settings = new BackupSettings(
                directory,
                "0 0 2 * * *",
                false,
                7,
                4,
                new BackupSettings.S3(BUCKET, peer.endpoint(), "eu-central-1", PREFIX, "test-access", "test-secret"));
        bucket = new BackupBucket(settings);
        backups = new Backups(dataSource, repository, encryption, json, clock, settings, verifier, bucket, build);
    }

    @AfterEach
    void stopThePeer() throws IOException {
        bucket.destroy();
        backups.destroy();
        peer.close();
        try (var files = Files.list(directory)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(directory);
    }

    @Test
    void aBackupUploadsTheArchiveAndItsChecksumAndRetentionDeletesInTheBucketToo() throws IOException {
        // 20 nightly archives in the bucket (every other one also still in the directory), then one real backup.
        clock.advance(Duration.ofDays(-25));
        List<String> nightly = new ArrayList<>();
        for (int night = 0; night < 20; night++) {
            String name = BackupFiles.name(clock.instant(), Ids.newId());
            peer.put(BUCKET, PREFIX + name, "archive".getBytes(StandardCharsets.US_ASCII));
            peer.put(BUCKET, PREFIX + name + ".sha256", "sum".getBytes(StandardCharsets.US_ASCII));
            if (night % 2 == 0) {
                Files.writeString(directory.resolve(name), "archive");
                Files.writeString(BackupFiles.checksumFile(directory.resolve(name)), "sum");
            }
            nightly.add(name);
            clock.advance(Duration.ofDays(1));
        }
        clock.advance(Duration.ofDays(5));
        // Not ours: another file under the prefix, and an archive-like key outside it.
        peer.put(BUCKET, PREFIX + "notes.txt", new byte[] {1});
        peer.put(BUCKET, "elsewhere/" + nightly.getFirst(), new byte[] {2});

        BackupRow row = backups.run("test");

        assertThat(row.status()).as(String.valueOf(row.error())).isEqualTo("succeeded");
        assertThat(row.target())
                .isEqualTo("local:" + directory.toAbsolutePath().normalize() + " s3://" + BUCKET + "/" + PREFIX);
        Path archive = directory.resolve(row.fileName());
        assertThat(peer.object(BUCKET, PREFIX + row.fileName())).isEqualTo(Files.readAllBytes(archive));
        assertThat(peer.object(BUCKET, PREFIX + row.fileName() + ".sha256"))
                .isEqualTo(Files.readAllBytes(BackupFiles.checksumFile(archive)));
        assertThat(archive).exists(); // the local copy stays

        List<Instant> all = new ArrayList<>(nightly.stream()
                .map(name -> BackupFiles.madeAt(Path.of(name)).orElseThrow())
                .toList());
        all.add(BackupFiles.madeAt(archive).orElseThrow());
        Set<Instant> deleted = BackupRetention.toDelete(all, 7, 4);
        assertThat(deleted).hasSizeGreaterThan(8);
        Set<String> expectedKeys = new TreeSet<>(Set.of(
                PREFIX + "notes.txt",
                "elsewhere/" + nightly.getFirst(),
                PREFIX + row.fileName(),
                PREFIX + row.fileName() + ".sha256"));
        for (int night = 0; night < nightly.size(); night++) {
            String name = nightly.get(night);
            boolean gone = deleted.contains(BackupFiles.madeAt(Path.of(name)).orElseThrow());
            if (!gone) {
                expectedKeys.add(PREFIX + name);
                expectedKeys.add(PREFIX + name + ".sha256");
            }
            assertThat(Files.exists(directory.resolve(name))).as(name).isEqualTo(night % 2 == 0 && !gone);
        }
        assertThat(peer.keys(BUCKET)).containsExactlyElementsOf(expectedKeys);
        // The SDK signed every request (the peer refuses unsigned ones) and listed with the prefix.
        assertThat(peer.requests())
                .anyMatch(request -> request.startsWith("GET /" + BUCKET)
                        && request.contains("list-type=2")
                        && request.contains("prefix=nightly%2F"));

        // The operator's list shows both targets.
        Account operator = accounts.signUp();
        operators.apply(operator.email());
        try {
            String token = api.post(
                            "/api/v1/auth/login", Map.of("email", operator.email(), "password", operator.password()))
                    .send()
                    .json()
                    .path("accessToken")
                    .asString();
            var items =
                    api.get("/api/v1/admin/backups").bearer(token).send().json().path("items");
            String target = null;
            for (var item : items) {
                if (item.path("id").asString().equals(row.id().toString())) {
                    target = item.path("target").asString();
                }
            }
            assertThat(target).isEqualTo(row.target()).contains("s3://" + BUCKET + "/" + PREFIX);
        } finally {
            operators.apply("");
        }
    }

    @Test
    void restoreFromTheBucketIntoAnEmptyDatabaseAndADamagedObjectIsRefused() throws Exception {
        accounts.signUp();
        BackupRow row = backups.run("test");
        assertThat(row.status()).as(String.valueOf(row.error())).isEqualTo("succeeded");
        // Only the bucket holds it now, as after losing the server.
        Files.delete(directory.resolve(row.fileName()));
        Files.delete(BackupFiles.checksumFile(directory.resolve(row.fileName())));
        String location = "s3://" + BUCKET + "/" + PREFIX + row.fileName();

        String fresh = "levqor_s3drill_" + Ids.newId().toString().substring(0, 8);
        DriverManagerDataSource drill = createDatabase(fresh);
        try {
            var drillRestore =
                    new BackupRestore(drill, encryption, json, new BackupRepository(JdbcClient.create(drill)));
            var commands = new BackupCommands(backups, drillRestore, bucket, null);
            var restored = JdbcClient.create(drill);

            // A flipped byte in the object: the sidecar's SHA-256 catches it; a missing key; not an s3 location.
            byte[] bytes = peer.object(BUCKET, PREFIX + row.fileName());
            bytes[bytes.length / 2] ^= 0x01;
            String damagedKey = "damaged/" + row.fileName();
            peer.put(BUCKET, damagedKey, bytes);
            peer.put(BUCKET, damagedKey + ".sha256", peer.object(BUCKET, PREFIX + row.fileName() + ".sha256"));
            Path damaged = bucket.download("s3://" + BUCKET + "/" + damagedKey);
            assertThatThrownBy(() -> drillRestore.restore(damaged, false))
                    .isInstanceOf(ArchiveRefused.class)
                    .hasMessageContaining("SHA-256");
            // Without its sidecar the archive's own authentication refuses it.
            peer.put(BUCKET, "damaged/alone.lvqb", bytes);
            assertThat(commands.restore(List.of("restore", "s3://" + BUCKET + "/damaged/alone.lvqb"), false))
                    .isEqualTo(1);
            assertThat(commands.restore(List.of("restore", "s3://" + BUCKET + "/" + damagedKey), false))
                    .isEqualTo(1);
            assertThatThrownBy(() -> bucket.download("s3://" + BUCKET + "/nothing-here.lvqb"))
                    .isInstanceOf(ArchiveRefused.class)
                    .hasMessageContaining("no archive at");
            assertThat(commands.restore(List.of("restore", "s3://" + BUCKET), false))
                    .isEqualTo(1);
            assertThat(restored.sql("SELECT count(*) FROM app_user")
                            .query(Long.class)
                            .single())
                    .as("nothing written by the refused restores")
                    .isZero();

            assertThat(commands.restore(List.of("restore", location), false)).isEqualTo(0);

            Manifest manifest = drillRestore.inspect(bucket.download(location));
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
                }
            }
            assertThat(restored.sql("SELECT count(*) FROM app_user")
                            .query(Long.class)
                            .single())
                    .isPositive();
        } finally {
            JdbcClient.create(dataSource)
                    .sql("DROP DATABASE IF EXISTS " + fresh + " WITH (FORCE)")
                    .update();
        }
    }

    @Test
    void theTargetIsOffWithoutABucket(@Autowired BackupSettings configured) {
        // application.yml's blanks (no LEVQOR_BACKUP_S3_* set) leave it off and on the AWS defaults.
        assertThat(configured.s3().enabled()).isFalse();
        assertThat(configured.s3().region()).isEqualTo("us-east-1");
        assertThat(configured.s3().prefix()).isEmpty();
        var off = new BackupBucket(new BackupSettings(directory, "0 0 2 * * *", false, 7, 4, BackupSettings.S3.off()));
        assertThat(off.enabled()).isFalse();
        var local = new Backups(dataSource, repository, encryption, json, clock, settings, verifier, off, build);
        BackupRow row = local.run("test");
        local.destroy();
        assertThat(row.status()).as(String.valueOf(row.error())).isEqualTo("succeeded");
        assertThat(row.target()).startsWith("local:").doesNotContain("s3:");
        assertThat(peer.requests()).isEmpty();
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
}
