package io.levqor.ops.backup;

import com.zaxxer.hikari.HikariDataSource;
import io.levqor.ops.backup.jdbc.DatabaseCopy;
import io.levqor.privacy.PlatformEncryption;
import io.levqor.shared.Ids;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Proves an archive restorable: creates a scratch database on the same server, migrates it to the archive's schema
 * version, restores the archive into it, compares every table's row count and SHA-256 (of a fresh binary COPY) with
 * the manifest, and drops it whatever happened.
 */
@Component
class BackupVerifier {

    private static final Logger log = LoggerFactory.getLogger(BackupVerifier.class);
    private static final Pattern DATABASE = Pattern.compile("^(jdbc:postgresql://[^/?]*/)([^?]*)(.*)$");

    private final DataSource dataSource;
    private final PlatformEncryption encryption;
    private final JsonMapper json;
    private final Flyway flyway;

    BackupVerifier(DataSource dataSource, PlatformEncryption encryption, JsonMapper json, Flyway flyway) {
        this.dataSource = dataSource;
        this.encryption = encryption;
        this.json = json;
        this.flyway = flyway;
    }

    void verify(Path archive, Manifest expected) throws SQLException {
        if (!(dataSource instanceof HikariDataSource pool) || pool.getJdbcUrl() == null) {
            throw new IllegalStateException("cannot tell where to create the scratch database");
        }
        String scratch =
                "levqor_verify_" + Ids.newId().toString().replace("-", "").substring(0, 12);
        String url = withDatabase(pool.getJdbcUrl(), scratch);
        try (Connection admin = dataSource.getConnection();
                Statement statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + scratch + " WITH (FORCE)");
            statement.execute("CREATE DATABASE " + scratch);
        } catch (SQLException e) {
            throw new SQLException(
                    "cannot create the scratch database " + scratch
                            + " to verify the backup (the database user needs CREATEDB): " + e.getMessage(),
                    e);
        }
        try {
            // The application's own Flyway settings (its Java migrations too), pointed at the scratch database.
            Flyway.configure()
                    .configuration(flyway.getConfiguration())
                    .dataSource(url, pool.getUsername(), pool.getPassword())
                    .target(expected.schemaVersion())
                    .load()
                    .migrate();
            Properties credentials = new Properties();
            if (pool.getUsername() != null) {
                credentials.setProperty("user", pool.getUsername());
            }
            if (pool.getPassword() != null) {
                credentials.setProperty("password", pool.getPassword());
            }
            try (Connection connection = DriverManager.getConnection(url, credentials)) {
                try (DatabaseCopy.Loader loader = DatabaseCopy.loader(connection)) {
                    Manifest read = ArchiveReading.read(archive, encryption, json, loader::load);
                    if (!read.equals(expected)) {
                        throw new IllegalStateException("the archive's manifest is not the one written");
                    }
                    loader.emptyTheRest();
                    loader.commit();
                }
                compare(connection, expected);
            }
        } finally {
            try (Connection admin = dataSource.getConnection();
                    Statement statement = admin.createStatement()) {
                statement.execute("DROP DATABASE IF EXISTS " + scratch + " WITH (FORCE)");
            } catch (SQLException e) {
                log.error("Could not drop the scratch database {} after verifying a backup", scratch, e);
            }
        }
    }

    private static void compare(Connection restored, Manifest expected) throws SQLException {
        restored.setAutoCommit(false);
        try {
            // The checksum covers the rows in the order COPY reads them: the restored table's physical order, which
            // is the archive's. With synchronised scans (on by default) a scan of a table larger than a quarter of
            // shared_buffers may start where the previous one (count(*) just before) last reported its position,
            // so the same rows come out rotated and the checksum differs (a false mismatch on a 3,000,000-row
            // step_attempt in bench/ops, docs/performance.md). Scans from block 0 make the order the archive's.
            try (Statement statement = restored.createStatement()) {
                statement.execute("SET LOCAL synchronize_seqscans = off");
            }
            for (Manifest.Table table : expected.tables()) {
                if (DatabaseCopy.PARTITIONS.equals(table.name())) {
                    // The restored database must have exactly the partitions the archive lists.
                    String listed = HexFormat.of().formatHex(Sha256.digest().digest(DatabaseCopy.partitions(restored)));
                    if (!listed.equals(table.sha256())) {
                        throw new IllegalStateException("the restored database's partitions are not the archive's");
                    }
                    continue;
                }
                long rows = DatabaseCopy.count(restored, table.name());
                var sha = Sha256.digest();
                var sink = new DigestOutputStream(OutputStream.nullOutputStream(), sha);
                DatabaseCopy.copyOut(restored, table.name(), sink);
                String checksum = HexFormat.of().formatHex(sha.digest());
                if (rows != table.rows() || !checksum.equals(table.sha256())) {
                    throw new IllegalStateException(
                            "restored table " + table.name() + " has " + rows + " rows (SHA-256 " + checksum
                                    + "), the manifest says " + table.rows() + " (" + table.sha256() + ")");
                }
            }
        } finally {
            restored.rollback();
            restored.setAutoCommit(true);
        }
    }

    /** The same server and parameters, another database. */
    static String withDatabase(String jdbcUrl, String database) {
        Matcher matcher = DATABASE.matcher(jdbcUrl);
        if (!matcher.matches()) {
            throw new IllegalStateException("cannot derive a scratch database URL from the configured one");
        }
        return matcher.group(1) + database + matcher.group(3);
    }
}
