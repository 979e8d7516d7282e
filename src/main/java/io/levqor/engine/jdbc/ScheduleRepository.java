package io.levqor.engine.jdbc;

import io.levqor.shared.WorkspaceId;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Cron schedules of active workflows (one per workflow; the schedule id is the workflow id). */
@Repository
public class ScheduleRepository {

    private final JdbcClient jdbc;

    public ScheduleRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A schedule as stored. */
    public record ScheduleRow(
            WorkspaceId tenant, UUID workflowId, int version, String cron, String zone, Instant nextFireAt) {}

    private static final String UPSERT = """
            INSERT INTO schedule AS s (tenant_id, workflow_id, version, cron, zone, next_fire_at)
            VALUES (:tenantId, :workflowId, :version, :cron, :zone, :nextFireAt)
            ON CONFLICT (tenant_id, workflow_id) DO UPDATE
               SET version = excluded.version, cron = excluded.cron, zone = excluded.zone,
                   next_fire_at = CASE WHEN s.cron = excluded.cron AND s.zone = excluded.zone
                                       THEN s.next_fire_at ELSE excluded.next_fire_at END
             WHERE s.version <= excluded.version
            """;

    /**
     * Keeps the workflow's schedule; an event about an older version changes nothing (events may come twice or
     * late), and an unchanged cron keeps its next fire time.
     */
    public void save(WorkspaceId tenant, UUID workflowId, int version, String cron, String zone, Instant nextFireAt) {
        jdbc.sql(UPSERT)
                .param("tenantId", tenant.value())
                .param("workflowId", workflowId)
                .param("version", version)
                .param("cron", cron)
                .param("zone", zone)
                .param("nextFireAt", nextFireAt.atOffset(ZoneOffset.UTC))
                .update();
    }

    private static final String DELETE = """
            DELETE FROM schedule WHERE tenant_id = :tenantId AND workflow_id = :workflowId AND version <= :version
            """;

    public void delete(WorkspaceId tenant, UUID workflowId, int version) {
        jdbc.sql(DELETE)
                .param("tenantId", tenant.value())
                .param("workflowId", workflowId)
                .param("version", version)
                .update();
    }

    private static final String CLAIM_DUE = """
            SELECT tenant_id, workflow_id, version, cron, zone, next_fire_at FROM schedule
             WHERE next_fire_at <= :now
             ORDER BY next_fire_at
             LIMIT :limit
               FOR UPDATE SKIP LOCKED
            """;

    /** Locks due schedules for the caller's transaction; other nodes skip them. */
    public List<ScheduleRow> lockDue(Instant now, int limit) {
        return jdbc.sql(CLAIM_DUE)
                .param("now", now.atOffset(ZoneOffset.UTC))
                .param("limit", limit)
                .query((rs, row) -> new ScheduleRow(
                        new WorkspaceId(rs.getObject("tenant_id", UUID.class)),
                        rs.getObject("workflow_id", UUID.class),
                        rs.getInt("version"),
                        rs.getString("cron"),
                        rs.getString("zone"),
                        rs.getObject("next_fire_at", OffsetDateTime.class).toInstant()))
                .list();
    }

    private static final String SET_NEXT = """
            UPDATE schedule SET next_fire_at = :next WHERE tenant_id = :tenantId AND workflow_id = :workflowId
            """;

    public void setNextFire(WorkspaceId tenant, UUID workflowId, Instant next) {
        int updated = jdbc.sql(SET_NEXT)
                .param("next", next.atOffset(ZoneOffset.UTC))
                .param("tenantId", tenant.value())
                .param("workflowId", workflowId)
                .update();
        if (updated != 1) {
            throw new IllegalStateException("schedule of workflow " + workflowId + " vanished while locked");
        }
    }

    private static final String FIND = """
            SELECT tenant_id, workflow_id, version, cron, zone, next_fire_at FROM schedule
             WHERE tenant_id = :tenantId AND workflow_id = :workflowId
            """;

    public Optional<ScheduleRow> find(WorkspaceId tenant, UUID workflowId) {
        return jdbc.sql(FIND)
                .param("tenantId", tenant.value())
                .param("workflowId", workflowId)
                .query((rs, row) -> new ScheduleRow(
                        new WorkspaceId(rs.getObject("tenant_id", UUID.class)),
                        rs.getObject("workflow_id", UUID.class),
                        rs.getInt("version"),
                        rs.getString("cron"),
                        rs.getString("zone"),
                        rs.getObject("next_fire_at", OffsetDateTime.class).toInstant()))
                .optional();
    }

    /**
     * When the most overdue schedule was due, across workspaces (empty when there are no schedules): for the
     * operator's status page, which reads a scheduler that stopped ticking from it. One read of the index's first entry.
     */
    public Optional<Instant> earliestFireForOperator() {
        return jdbc.sql("SELECT min(next_fire_at) FROM schedule")
                .query((rs, row) -> {
                    OffsetDateTime at = rs.getObject(1, OffsetDateTime.class);
                    return Optional.ofNullable(at).map(OffsetDateTime::toInstant);
                })
                .single();
    }
}
