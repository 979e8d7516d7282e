package io.levqor.ops.backup;

import io.levqor.ops.backup.jdbc.BackupRepository;
import io.levqor.ops.backup.jdbc.BackupRepository.BackupRow;
import io.levqor.ops.backup.jdbc.BackupRepository.Outcome;
import io.levqor.ops.backup.jdbc.DatabaseCopy;
import io.levqor.privacy.PlatformEncryption;
import io.levqor.shared.Ids;
import io.levqor.shared.ProblemException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * Makes backups: a consistent snapshot of every table into one encrypted archive in the backup directory, then
 * verified by restoring it into a scratch database; each is recorded in {@code ops_backup}, and retention runs after
 * a success. One backup at a time per node; the schedule's slot makes it one per schedule across nodes.
 */
@Service
public class Backups implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(Backups.class);

    private final DataSource dataSource;
    private final BackupRepository repository;
    private final PlatformEncryption encryption;
    private final JsonMapper json;
    private final Clock clock;
    private final BackupSettings settings;
    private final BackupVerifier verifier;
    private final BackupBucket bucket;
    private final String version;
    private final AtomicBoolean running = new AtomicBoolean();
    // null until first read; then the last success, or empty while there is none (so scrapes do not query each time)
    private final AtomicReference<@Nullable Optional<BackupRow>> lastSuccess = new AtomicReference<>();
    private final ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();

    Backups(
            DataSource dataSource,
            BackupRepository repository,
            PlatformEncryption encryption,
            JsonMapper json,
            Clock clock,
            BackupSettings settings,
            BackupVerifier verifier,
            BackupBucket bucket,
            ObjectProvider<BuildProperties> build) {
        this.dataSource = dataSource;
        this.repository = repository;
        this.encryption = encryption;
        this.json = json;
        this.clock = clock;
        this.settings = settings;
        this.verifier = verifier;
        this.bucket = bucket;
        BuildProperties properties = build.getIfAvailable();
        this.version = properties == null || properties.getVersion() == null ? "dev" : properties.getVersion();
    }

    /** Makes a backup on this thread and verifies it; answers its record (failed ones too). */
    public BackupRow run(String trigger) {
        UUID id = Ids.newId();
        if (!running.compareAndSet(false, true)) {
            throw alreadyRunning();
        }
        try {
            repository.start(id, null, trigger, clock.instant(), target());
            return execute(id);
        } finally {
            running.set(false);
        }
    }

    /** Starts a backup in the background; answers its id at once. */
    public UUID start(String trigger) {
        UUID id = Ids.newId();
        if (!running.compareAndSet(false, true)) {
            throw alreadyRunning();
        }
        try {
            repository.start(id, null, trigger, clock.instant(), target());
        } catch (RuntimeException e) {
            running.set(false);
            throw e;
        }
        background.execute(() -> {
            try {
                execute(id);
            } catch (RuntimeException e) {
                // execute records every failure of the backup itself; this is the record failing (database gone)
                log.error("Backup {} could not be recorded", id, e);
            } finally {
                running.set(false);
            }
        });
        return id;
    }

    /**
     * Runs the scheduled backup for {@code slot} unless another node took it (or this node is busy); answers the
     * record when this node ran it.
     */
    public Optional<BackupRow> runScheduled(Instant slot) {
        if (!running.compareAndSet(false, true)) {
            return Optional.empty();
        }
        try {
            UUID id = Ids.newId();
            if (!repository.start(id, slot, "schedule", clock.instant(), target())) {
                return Optional.empty();
            }
            return Optional.of(execute(id));
        } finally {
            running.set(false);
        }
    }

    public List<BackupRow> list(int limit) {
        return repository.list(limit);
    }

    /** The last backup that succeeded, cached for the metrics. */
    public Optional<BackupRow> lastSuccess() {
        Optional<BackupRow> cached = lastSuccess.get();
        if (cached == null) {
            cached = repository.lastSuccess();
            lastSuccess.compareAndSet(null, cached);
        }
        return cached;
    }

    /**
     * Deletes the archives the retention does not keep, in the directory and in the bucket (the archives of both
     * count together, by the time in their names); answers their names.
     */
    public List<String> applyRetention() {
        Path directory = settings.directory();
        Map<String, Instant> archives = new TreeMap<>();
        if (Files.isDirectory(directory)) {
            try (var files = Files.list(directory)) {
                files.forEach(file -> BackupFiles.madeAt(file)
                        .ifPresent(at -> archives.put(file.getFileName().toString(), at)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list the backup directory " + directory, e);
            }
        }
        List<String> inBucket = bucket.enabled() ? bucket.archives() : List.of();
        for (String name : inBucket) {
            archives.put(name, BackupFiles.madeAt(Path.of(name)).orElseThrow());
        }
        var delete =
                BackupRetention.toDelete(List.copyOf(archives.values()), settings.keepDaily(), settings.keepWeekly());
        List<String> deleted = new ArrayList<>();
        for (var archive : archives.entrySet()) {
            if (!delete.contains(archive.getValue())) {
                continue;
            }
            String name = archive.getKey();
            try {
                Path local = directory.resolve(name);
                Files.deleteIfExists(local);
                Files.deleteIfExists(BackupFiles.checksumFile(local));
                if (inBucket.contains(name)) {
                    bucket.delete(name);
                }
            } catch (IOException | RuntimeException e) {
                log.error("Retention could not delete the backup {}", name, e);
                continue;
            }
            repository.markDeleted(name, clock.instant());
            deleted.add(name);
        }
        if (!deleted.isEmpty()) {
            log.info("Backup retention deleted {} archives: {}", deleted.size(), deleted);
        }
        return deleted;
    }

    private BackupRow execute(UUID id) {
        long started = System.nanoTime();
        Instant at = clock.instant();
        String name = BackupFiles.name(at, id);
        Path archive = settings.directory().resolve(name);
        Manifest manifest = null;
        String checksum = null;
        Long size = null;
        boolean verified = false;
        Long verifyMs = null;
        String error = null;
        try {
            Files.createDirectories(settings.directory());
            Path partial = archive.resolveSibling(name + ".partial");
            var sha = Sha256.digest();
            try (OutputStream file = Files.newOutputStream(partial);
                    OutputStream hashed = new DigestOutputStream(new BufferedOutputStream(file, 1 << 16), sha)) {
                manifest = write(hashed, at);
            }
            checksum = HexFormat.of().formatHex(sha.digest());
            // On disk before it gets its final name: a crash never leaves a finished-looking archive half written.
            try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(partial, archive, StandardCopyOption.ATOMIC_MOVE);
            Files.writeString(
                    BackupFiles.checksumFile(archive), checksum + "  " + name + "\n", StandardCharsets.US_ASCII);
            size = Files.size(archive);
            long verifyStarted = System.nanoTime();
            verifier.verify(archive, manifest);
            verifyMs = (System.nanoTime() - verifyStarted) / 1_000_000;
            verified = true;
        } catch (Exception e) {
            error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            log.error("Backup {} ({}) failed: {}", id, archive, error, e);
            // Kept for a look, but no longer named as a backup: retention and operators only see verified archives.
            if (Files.exists(archive)) {
                try {
                    Files.move(archive, archive.resolveSibling(name + ".unverified"));
                    Files.deleteIfExists(BackupFiles.checksumFile(archive));
                } catch (IOException moveFailed) {
                    log.error("Could not set the unverified archive {} aside", archive, moveFailed);
                }
                size = null;
            }
        }
        if (error == null && bucket.enabled()) {
            try {
                bucket.upload(archive, BackupFiles.checksumFile(archive));
            } catch (RuntimeException e) {
                // The verified local copy stays; the backup counts as failed so the metric and the record show it.
                error = "verified locally, but the upload to " + bucket.describe() + " failed: " + e.getMessage();
                log.error("Backup {} ({}): {}", id, archive, error, e);
            }
        }
        long durationMs = (System.nanoTime() - started) / 1_000_000;
        boolean succeeded = error == null;
        repository.finish(
                id,
                clock.instant(),
                new Outcome(
                        succeeded ? "succeeded" : "failed",
                        size == null ? null : name,
                        size,
                        durationMs,
                        checksum,
                        manifest == null ? null : manifest.schemaVersion(),
                        manifest == null ? null : manifest.tables().size(),
                        manifest == null ? null : manifest.rows(),
                        verified,
                        verifyMs,
                        error));
        BackupRow row = repository.find(id).orElseThrow();
        if (succeeded) {
            lastSuccess.set(Optional.of(row));
            log.info(
                    "Backup {} verified: {} tables, {} rows, {} bytes in {} ms (verify {} ms)",
                    name,
                    row.tables(),
                    row.rows(),
                    size,
                    durationMs,
                    verifyMs);
            try {
                applyRetention();
            } catch (RuntimeException e) {
                log.error("Backup retention failed", e);
            }
        }
        return row;
    }

    private Manifest write(OutputStream sink, Instant at) throws IOException, SQLException {
        try (OutputStream sealed = ArchiveCipher.encrypt(sink, encryption, json, at.toString());
                Connection connection = dataSource.getConnection();
                DatabaseCopy.Snapshot snapshot = DatabaseCopy.snapshot(connection)) {
            var content = new ArchiveContent.Writer(sealed);
            Connection view = snapshot.connection();
            // The first query fixes the snapshot: the version, the counts and every COPY below see the same instant.
            String schemaVersion = DatabaseCopy.schemaVersion(view);
            List<Manifest.Table> tables = new ArrayList<>();
            byte[] partitions = DatabaseCopy.partitions(view);
            if (partitions.length > 0) {
                try (OutputStream entry = content.table(DatabaseCopy.PARTITIONS)) {
                    entry.write(partitions);
                }
                tables.add(new Manifest.Table(
                        DatabaseCopy.PARTITIONS,
                        new String(partitions, StandardCharsets.UTF_8).split("\n").length,
                        partitions.length,
                        HexFormat.of().formatHex(Sha256.digest().digest(partitions))));
            }
            for (String table : DatabaseCopy.tables(view)) {
                long rows = DatabaseCopy.count(view, table);
                var sha = Sha256.digest();
                var counting = new CountingOutputStream(content.table(table));
                try (OutputStream hashed = new DigestOutputStream(counting, sha)) {
                    DatabaseCopy.copyOut(view, table, hashed);
                }
                tables.add(new Manifest.Table(
                        table, rows, counting.count(), HexFormat.of().formatHex(sha.digest())));
            }
            Manifest manifest = new Manifest(
                    1, version, schemaVersion, at.toString(), encryption.currentMasterKeyId(), List.copyOf(tables));
            content.finish(json.writeValueAsBytes(manifest));
            return manifest;
        }
    }

    private String target() {
        String local = "local:" + settings.directory().toAbsolutePath().normalize();
        return bucket.enabled() ? local + " " + bucket.describe() : local;
    }

    private static ProblemException alreadyRunning() {
        return ProblemException.conflict("a backup is already running on this node");
    }

    @Override
    public void destroy() {
        background.shutdownNow();
    }
}
