package io.levqor.ops.backup;

import io.levqor.ops.backup.jdbc.BackupRepository;
import io.levqor.ops.backup.jdbc.DatabaseCopy;
import io.levqor.privacy.PlatformEncryption;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * Restores an archive into this Levqor's database: the whole archive is read and checked first (authentication of
 * every chunk, the manifest's checksums, the sidecar's SHA-256 when present, the schema version), so a damaged or
 * foreign archive is refused before anything is written; then every table is replaced in one transaction.
 */
@Service
public class BackupRestore {

    private static final Logger log = LoggerFactory.getLogger(BackupRestore.class);

    /**
     * Tables a freshly started Levqor fills by itself (at start, or seeded by a migration such as the built-in
     * feature flags); rows there do not make a database "not empty".
     */
    static final Set<String> WRITTEN_AT_START = Set.of(
            "platform_state",
            "privacy_master_key_check",
            "signing_key",
            "event_publication",
            "ops_backup",
            "ops_feature_flag",
            "ops_feature_flag_version");

    private final DataSource dataSource;
    private final PlatformEncryption encryption;
    private final JsonMapper json;
    private final BackupRepository repository;

    BackupRestore(DataSource dataSource, PlatformEncryption encryption, JsonMapper json, BackupRepository repository) {
        this.dataSource = dataSource;
        this.encryption = encryption;
        this.json = json;
        this.repository = repository;
    }

    /**
     * Checks the archive, then replaces the database's content with it.
     *
     * @param force overwrite a database that already holds data
     * @throws ArchiveRefused the archive is damaged, foreign or not a backup (nothing was written)
     * @throws RestoreRefused the database is not empty or not at the archive's schema version (nothing was written)
     */
    public Manifest restore(Path archive, boolean force) throws SQLException {
        if (!Files.isRegularFile(archive)) {
            throw new ArchiveRefused("no archive at " + archive);
        }
        checkSidecar(archive);
        Manifest manifest = ArchiveReading.inspect(archive, encryption, json);
        try (Connection connection = dataSource.getConnection()) {
            String version = DatabaseCopy.schemaVersion(connection);
            if (!version.equals(manifest.schemaVersion())) {
                throw new RestoreRefused("the archive is at schema version " + manifest.schemaVersion()
                        + " (made by Levqor " + manifest.levqorVersion() + ") but this database is at " + version
                        + ": restore it with the Levqor release that made it, then upgrade");
            }
            List<String> holding = DatabaseCopy.nonEmpty(connection, WRITTEN_AT_START);
            if (!holding.isEmpty() && !force) {
                throw new RestoreRefused("the database is not empty ("
                        + String.join(", ", holding.subList(0, Math.min(5, holding.size())))
                        + (holding.size() > 5 ? ", …" : "") + " hold rows); a restore replaces everything in it: "
                        + "run it again with --force to overwrite this data");
            }
            try (DatabaseCopy.Loader loader = DatabaseCopy.loader(connection)) {
                Manifest loaded = ArchiveReading.read(archive, encryption, json, loader::load);
                if (!loaded.equals(manifest)) {
                    throw new ArchiveRefused("the archive changed while it was being restored");
                }
                loader.emptyTheRest();
                loader.commit();
            }
        }
        repository.markInterrupted();
        log.info(
                "Restored {}: {} tables, {} rows, schema version {}, made by Levqor {} at {}",
                archive.getFileName(),
                manifest.tables().size(),
                manifest.rows(),
                manifest.schemaVersion(),
                manifest.levqorVersion(),
                manifest.created());
        return manifest;
    }

    /** Reads the whole archive and checks it without writing anything (what a restore does first). */
    public Manifest inspect(Path archive) {
        checkSidecar(archive);
        return ArchiveReading.inspect(archive, encryption, json);
    }

    private static void checkSidecar(Path archive) {
        Path sidecar = BackupFiles.checksumFile(archive);
        if (!Files.isRegularFile(sidecar)) {
            return;
        }
        try {
            String expected =
                    Files.readString(sidecar, StandardCharsets.US_ASCII).trim().split("\\s+")[0];
            var sha = Sha256.digest();
            try (InputStream in = new DigestInputStream(Files.newInputStream(archive), sha)) {
                byte[] buffer = new byte[1 << 16];
                while (in.read(buffer) >= 0) {
                    // only the digest matters
                }
            }
            String actual = HexFormat.of().formatHex(sha.digest());
            if (!actual.equalsIgnoreCase(expected)) {
                throw new ArchiveRefused("the archive is damaged: its SHA-256 is " + actual + ", "
                        + sidecar.getFileName() + " says " + expected);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + archive, e);
        }
    }
}
