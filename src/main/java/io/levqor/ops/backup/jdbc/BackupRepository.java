package io.levqor.ops.backup.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code ops_backup} record: one row per backup, written when it starts and when it ends. */
@Repository
public class BackupRepository {

    /** A backup as recorded. */
    public record BackupRow(
            UUID id,
            String trigger,
            String status,
            Instant startedAt,
            @Nullable Instant finishedAt,
            String target,
            @Nullable String fileName,
            @Nullable Long sizeBytes,
            @Nullable Long durationMs,
            @Nullable String checksum,
            @Nullable String schemaVersion,
            @Nullable Integer tables,
            @Nullable Long rows,
            boolean verified,
            @Nullable Long verifyMs,
            @Nullable String error,
            @Nullable Instant deletedAt) {}

    /** What a finished backup reports. */
    public record Outcome(
            String status,
            @Nullable String fileName,
            @Nullable Long sizeBytes,
            long durationMs,
            @Nullable String checksum,
            @Nullable String schemaVersion,
            @Nullable Integer tables,
            @Nullable Long rows,
            boolean verified,
            @Nullable Long verifyMs,
            @Nullable String error) {}

    private static final String START = """
            INSERT INTO ops_backup (id, slot, trigger, status, started_at, target)
            VALUES (:id, :slot, :trigger, 'running', :startedAt, :target)
            ON CONFLICT (slot) DO NOTHING
            """;

    private static final String FINISH = """
            UPDATE ops_backup
               SET status = :status, finished_at = :finishedAt, file_name = :fileName, size_bytes = :sizeBytes,
                   duration_ms = :durationMs, checksum = :checksum, schema_version = :schemaVersion,
                   tables = :tables, rows = :rows, verified = :verified, verify_ms = :verifyMs, error = :error
             WHERE id = :id
               AND status = 'running'
            """;

    private static final String LIST = """
            SELECT * FROM ops_backup
             ORDER BY started_at DESC, id
             LIMIT :limit
            """;

    private static final String FIND = """
            SELECT * FROM ops_backup WHERE id = :id
            """;

    private static final String LAST_SUCCESS = """
            SELECT * FROM ops_backup
             WHERE status = 'succeeded'
             ORDER BY started_at DESC
             LIMIT 1
            """;

    private static final String MARK_DELETED = """
            UPDATE ops_backup SET deleted_at = :now
             WHERE file_name = :fileName
               AND deleted_at IS NULL
            """;

    // A restored database holds the row of the backup that was running while the snapshot was taken.
    private static final String INTERRUPTED = """
            UPDATE ops_backup SET status = 'failed', error = 'interrupted (restored from a backup taken meanwhile)'
             WHERE status = 'running'
            """;

    private final JdbcClient jdbc;

    public BackupRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Records a backup as started; false when {@code slot} was already taken (another node runs it). */
    public boolean start(UUID id, @Nullable Instant slot, String trigger, Instant startedAt, String target) {
        return jdbc.sql(START)
                        .param("id", id)
                        .param("slot", slot == null ? null : slot.atOffset(ZoneOffset.UTC))
                        .param("trigger", trigger)
                        .param("startedAt", startedAt.atOffset(ZoneOffset.UTC))
                        .param("target", target)
                        .update()
                == 1;
    }

    public void finish(UUID id, Instant finishedAt, Outcome outcome) {
        int updated = jdbc.sql(FINISH)
                .param("id", id)
                .param("status", outcome.status())
                .param("finishedAt", finishedAt.atOffset(ZoneOffset.UTC))
                .param("fileName", outcome.fileName())
                .param("sizeBytes", outcome.sizeBytes())
                .param("durationMs", outcome.durationMs())
                .param("checksum", outcome.checksum())
                .param("schemaVersion", outcome.schemaVersion())
                .param("tables", outcome.tables())
                .param("rows", outcome.rows())
                .param("verified", outcome.verified())
                .param("verifyMs", outcome.verifyMs())
                .param("error", outcome.error())
                .update();
        if (updated == 0) {
            throw new IllegalStateException("backup " + id + " is not recorded as running");
        }
    }

    public List<BackupRow> list(int limit) {
        return jdbc.sql(LIST).param("limit", limit).query(BackupRepository::map).list();
    }

    public Optional<BackupRow> find(UUID id) {
        return jdbc.sql(FIND).param("id", id).query(BackupRepository::map).optional();
    }

    public Optional<BackupRow> lastSuccess() {
        return jdbc.sql(LAST_SUCCESS).query(BackupRepository::map).optional();
    }

    public int markDeleted(String fileName, Instant now) {
        return jdbc.sql(MARK_DELETED)
                .param("fileName", fileName)
                .param("now", now.atOffset(ZoneOffset.UTC))
                .update();
    }

    public int markInterrupted() {
        return jdbc.sql(INTERRUPTED).update();
    }

    private static BackupRow map(ResultSet row, int number) throws SQLException {
        return new BackupRow(
                row.getObject("id", UUID.class),
                row.getString("trigger"),
                row.getString("status"),
                instant(row, "started_at"),
                instant(row, "finished_at"),
                row.getString("target"),
                row.getString("file_name"),
                row.getObject("size_bytes", Long.class),
                row.getObject("duration_ms", Long.class),
                row.getString("checksum"),
                row.getString("schema_version"),
                row.getObject("tables", Integer.class),
                row.getObject("rows", Long.class),
                row.getBoolean("verified"),
                row.getObject("verify_ms", Long.class),
                row.getString("error"),
                instant(row, "deleted_at"));
    }

    private static @Nullable Instant instant(ResultSet row, String column) throws SQLException {
        OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
