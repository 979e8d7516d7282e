package io.levqor.identity.jdbc;

import io.levqor.shared.WorkspaceId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The audit log and the head of each workspace's hash chain. */
@Repository
public class AuditLogRepository {

    /** One entry as stored. */
    public record Entry(
            WorkspaceId workspace,
            long seq,
            Instant at,
            String actor,
            String action,
            @Nullable String target,
            @Nullable String ip,
            @Nullable String userAgent,
            byte[] prevHash,
            byte[] hash) {}

    /** The last link of a workspace's chain. */
    public record Head(long seq, byte[] hash) {}

    private final JdbcClient jdbc;

    AuditLogRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    // The head row's lock serialises appends per workspace, so every entry links to exactly one predecessor.
    public Head lockHead(WorkspaceId tenant) {
        jdbc.sql("""
                        INSERT INTO audit_head (tenant_id, seq, hash) VALUES (:tenantId, 0, :zero)
                        ON CONFLICT (tenant_id) DO NOTHING
                        """)
                .param("tenantId", tenant.value())
                .param("zero", new byte[32])
                .update();
        return jdbc.sql("SELECT seq, hash FROM audit_head WHERE tenant_id = :tenantId FOR UPDATE")
                .param("tenantId", tenant.value())
                .query((rs, n) -> new Head(rs.getLong("seq"), rs.getBytes("hash")))
                .single();
    }

    public @Nullable Head head(WorkspaceId tenant) {
        return jdbc.sql("SELECT seq, hash FROM audit_head WHERE tenant_id = :tenantId")
                .param("tenantId", tenant.value())
                .query((rs, n) -> new Head(rs.getLong("seq"), rs.getBytes("hash")))
                .optional()
                .orElse(null);
    }

    /** Whether the workspace's log holds an entry with this action and target (the index covers md5 of target). */
    public boolean contains(WorkspaceId tenant, String action, String target) {
        return jdbc.sql("""
                        SELECT EXISTS (SELECT 1 FROM audit_log
                                        WHERE tenant_id = :tenantId AND action = :action
                                          AND md5(coalesce(target, '')) = md5(:target) AND target = :target)
                        """)
                .param("tenantId", tenant.value())
                .param("action", action)
                .param("target", target)
                .query(Boolean.class)
                .single();
    }

    public void append(Entry entry) {
        jdbc.sql("""
                        INSERT INTO audit_log (tenant_id, seq, at, actor, action, target, ip, user_agent, prev_hash,
                                               hash)
                        VALUES (:tenantId, :seq, :at, :actor, :action, :target, :ip, :userAgent, :prevHash, :hash)
                        """)
                .param("tenantId", entry.workspace().value())
                .param("seq", entry.seq())
                .param("at", Sql.utc(entry.at()))
                .param("actor", entry.actor())
                .param("action", entry.action())
                .param("target", entry.target())
                .param("ip", entry.ip())
                .param("userAgent", entry.userAgent())
                .param("prevHash", entry.prevHash())
                .param("hash", entry.hash())
                .update();
        int moved = jdbc.sql("UPDATE audit_head SET seq = :seq, hash = :hash WHERE tenant_id = :tenantId")
                .param("tenantId", entry.workspace().value())
                .param("seq", entry.seq())
                .param("hash", entry.hash())
                .update();
        if (moved != 1) {
            throw new IllegalStateException("Audit head of " + entry.workspace().value() + " is missing");
        }
    }

    /** Newest first, before {@code beforeSeq} when given. */
    public List<Entry> page(WorkspaceId tenant, @Nullable Long beforeSeq, int limit) {
        return jdbc.sql("""
                        SELECT * FROM audit_log
                         WHERE tenant_id = :tenantId AND (CAST(:before AS bigint) IS NULL OR seq < :before)
                         ORDER BY seq DESC LIMIT :limit
                        """)
                .param("tenantId", tenant.value())
                .param("before", beforeSeq)
                .param("limit", limit)
                .query(AuditLogRepository::entry)
                .list();
    }

    /** Every entry in chain order, streamed to {@code sink}. */
    public void forEach(WorkspaceId tenant, Consumer<Entry> sink) {
        jdbc.sql("SELECT * FROM audit_log WHERE tenant_id = :tenantId ORDER BY seq")
                .param("tenantId", tenant.value())
                .query(rs -> {
                    sink.accept(entry(rs, 0));
                });
    }

    private static Entry entry(ResultSet rs, int n) throws SQLException {
        return new Entry(
                new WorkspaceId(rs.getObject("tenant_id", java.util.UUID.class)),
                rs.getLong("seq"),
                Sql.instant(rs, "at"),
                rs.getString("actor"),
                rs.getString("action"),
                rs.getString("target"),
                rs.getString("ip"),
                rs.getString("user_agent"),
                rs.getBytes("prev_hash"),
                rs.getBytes("hash"));
    }
}
