package io.levqor.ops.errors.jdbc;

import io.levqor.ops.errors.ErrorFingerprint;
import io.levqor.ops.errors.ErrorGroup;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code ops_error_groups} table: one row per fingerprint, counted up by one statement per error. */
@Repository
public class ErrorRepository {

    private final JdbcClient jdbc;

    public ErrorRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Counts one error into its group, creating it; the sample and errorId become this error's. */
    public void record(
            ErrorFingerprint fingerprint,
            String errorId,
            Instant at,
            @Nullable String message,
            @Nullable String method,
            @Nullable String path) {
        jdbc.sql("""
                        INSERT INTO ops_error_groups (fingerprint, kind, error_type, frames, occurrences, first_seen,
                                                      last_seen, last_error_id, sample_message, sample_method,
                                                      sample_path)
                        VALUES (:fingerprint, :kind, :type, :frames, 1, :at, :at, :errorId, :message, :method, :path)
                        ON CONFLICT (fingerprint) DO UPDATE SET
                            occurrences    = ops_error_groups.occurrences + 1,
                            last_seen      = GREATEST(ops_error_groups.last_seen, EXCLUDED.last_seen),
                            last_error_id  = EXCLUDED.last_error_id,
                            sample_message = EXCLUDED.sample_message,
                            sample_method  = EXCLUDED.sample_method,
                            sample_path    = EXCLUDED.sample_path
                        """)
                .param("fingerprint", fingerprint.key())
                .param("kind", fingerprint.kind())
                .param("type", fingerprint.type())
                .param("frames", fingerprint.frames())
                .param("at", at.atOffset(ZoneOffset.UTC))
                .param("errorId", errorId)
                .param("message", message)
                .param("method", method)
                .param("path", path)
                .update();
        // The per-minute count the error-spike alert sums over its window.
        jdbc.sql("""
                        INSERT INTO ops_error_minutes (minute, fingerprint, kind, occurrences)
                        VALUES (date_trunc('minute', :at), :fingerprint, :kind, 1)
                        ON CONFLICT (minute, fingerprint) DO UPDATE SET
                            occurrences = ops_error_minutes.occurrences + 1
                        """)
                .param("at", at.atOffset(ZoneOffset.UTC))
                .param("fingerprint", fingerprint.key())
                .param("kind", fingerprint.kind())
                .update();
    }

    /** Occurrences since a time, and the group that had most of them (empty when none). */
    public record RecentErrors(
            long occurrences,
            @Nullable String topFingerprint,
            @Nullable String topType,
            long topOccurrences) {}

    /** Errors counted in the minutes from {@code since} on; client errors only when {@code includeClient}. */
    public RecentErrors recent(Instant since, boolean includeClient) {
        return jdbc.sql("""
                        WITH per_group AS (
                            SELECT fingerprint, sum(occurrences) AS occurrences
                              FROM ops_error_minutes
                             WHERE minute >= date_trunc('minute', :since)
                               AND (kind = 'server' OR :includeClient)
                             GROUP BY fingerprint)
                        SELECT (SELECT coalesce(sum(occurrences), 0) FROM per_group) AS total,
                               top.fingerprint, g.error_type, coalesce(top.occurrences, 0) AS top_occurrences
                          FROM (SELECT 1) AS one
                          LEFT JOIN (SELECT * FROM per_group ORDER BY occurrences DESC, fingerprint LIMIT 1) AS top
                            ON true
                          LEFT JOIN ops_error_groups g ON g.fingerprint = top.fingerprint
                        """)
                .param("since", since.atOffset(ZoneOffset.UTC))
                .param("includeClient", includeClient)
                .query((rs, n) -> new RecentErrors(
                        rs.getLong("total"),
                        rs.getString("fingerprint"),
                        rs.getString("error_type"),
                        rs.getLong("top_occurrences")))
                .single();
    }

    /** Drops per-minute counts older than {@code before}. */
    public void pruneMinutes(Instant before) {
        jdbc.sql("DELETE FROM ops_error_minutes WHERE minute < :before")
                .param("before", before.atOffset(ZoneOffset.UTC))
                .update();
    }

    /** Up to {@code limit} groups last seen first, after the position ({@code lastSeen}, {@code fingerprint}). */
    public List<ErrorGroup> page(
            @Nullable String kind, @Nullable Instant afterSeen, @Nullable String afterKey, int limit) {
        return jdbc.sql("""
                        SELECT * FROM ops_error_groups
                        WHERE (CAST(:kind AS text) IS NULL OR kind = :kind)
                          AND (CAST(:afterSeen AS timestamptz) IS NULL
                               OR (last_seen, fingerprint) < (CAST(:afterSeen AS timestamptz), :afterKey))
                        ORDER BY last_seen DESC, fingerprint DESC
                        LIMIT :limit
                        """)
                .param("kind", kind)
                .param("afterSeen", afterSeen == null ? null : afterSeen.atOffset(ZoneOffset.UTC))
                .param("afterKey", afterKey == null ? "" : afterKey)
                .param("limit", limit)
                .query(ErrorRepository::group)
                .list();
    }

    private static ErrorGroup group(ResultSet rs, int row) throws SQLException {
        return new ErrorGroup(
                rs.getString("fingerprint"),
                rs.getString("kind"),
                rs.getString("error_type"),
                rs.getString("frames"),
                rs.getLong("occurrences"),
                rs.getObject("first_seen", OffsetDateTime.class).toInstant(),
                rs.getObject("last_seen", OffsetDateTime.class).toInstant(),
                rs.getString("last_error_id"),
                new ErrorGroup.Sample(
                        rs.getString("sample_message"), rs.getString("sample_method"), rs.getString("sample_path")));
    }
}
