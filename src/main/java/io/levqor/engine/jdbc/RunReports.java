package io.levqor.engine.jdbc;

import io.levqor.shared.WorkspaceId;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Aggregates over run history for the console. {@link #workflowSummaries} is per workspace like every query; the
 * methods named {@code ...ForOperator} cross workspaces on purpose and serve only the platform operator's overview
 * (they bound the scan by {@code created_at}, which the BRIN index covers).
 */
@Repository
public class RunReports {

    /** The newest run of a workflow and the outcome counts among its newest {@code sample} runs. */
    public record WorkflowSummaryRow(
            UUID workflowId, String lastStatus, Instant lastCreatedAt, int finished, int succeeded) {}

    /** Runs created in one minute, and how many of those failed. */
    public record MinuteRow(Instant minute, long runs, long failed) {}

    /** Runs a workspace created since a time. */
    public record TenantCountRow(WorkspaceId tenant, long runs) {}

    /** A failed run, across workspaces. */
    public record FailedRunRow(
            WorkspaceId tenant,
            UUID id,
            UUID workflowId,
            @Nullable String error,
            Instant createdAt,
            @Nullable Instant finishedAt) {}

    private final JdbcClient jdbc;

    RunReports(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    // One statement for a page of workflows: each LATERAL reads the newest runs of one workflow from run_by_workflow.
    private static final String WORKFLOW_SUMMARIES = """
            SELECT w.id AS workflow_id,
                   (array_agg(r.status ORDER BY r.id DESC))[1] AS last_status,
                   (array_agg(r.created_at ORDER BY r.id DESC))[1] AS last_created_at,
                   count(*) FILTER (WHERE r.status NOT IN ('queued', 'running', 'waiting')) AS finished,
                   count(*) FILTER (WHERE r.status = 'succeeded') AS succeeded
              FROM unnest(ARRAY[:workflowIds]::uuid[]) AS w(id)
              CROSS JOIN LATERAL (
                    SELECT id, status, created_at FROM run
                     WHERE tenant_id = :tenantId AND workflow_id = w.id
                     ORDER BY id DESC LIMIT :sample) r
             GROUP BY w.id
            """;

    /** Summaries of these workflows' newest runs; workflows without runs are absent. */
    public List<WorkflowSummaryRow> workflowSummaries(WorkspaceId tenant, List<UUID> workflowIds, int sample) {
        if (workflowIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql(WORKFLOW_SUMMARIES)
                .param("tenantId", tenant.value())
                .param("workflowIds", workflowIds)
                .param("sample", sample)
                .query((rs, n) -> new WorkflowSummaryRow(
                        rs.getObject("workflow_id", UUID.class),
                        rs.getString("last_status"),
                        rs.getObject("last_created_at", OffsetDateTime.class).toInstant(),
                        rs.getInt("finished"),
                        rs.getInt("succeeded")))
                .list();
    }

    private static final String PER_MINUTE = """
            SELECT date_trunc('minute', created_at) AS minute, count(*) AS runs,
                   count(*) FILTER (WHERE status = 'failed') AS failed
              FROM run
             WHERE created_at >= :since
             GROUP BY 1
             ORDER BY 1
            """;

    /** Runs created per minute since {@code since}, across workspaces: operator only. */
    public List<MinuteRow> runsPerMinuteForOperator(Instant since) {
        return jdbc.sql(PER_MINUTE)
                .param("since", since.atOffset(ZoneOffset.UTC))
                .query((rs, n) -> new MinuteRow(
                        rs.getObject("minute", OffsetDateTime.class).toInstant(),
                        rs.getLong("runs"),
                        rs.getLong("failed")))
                .list();
    }

    /** Runs each workspace created since {@code since}, across workspaces: operator only. */
    public List<TenantCountRow> runsPerWorkspaceForOperator(Instant since) {
        return jdbc.sql("SELECT tenant_id, count(*) AS runs FROM run WHERE created_at >= :since GROUP BY tenant_id")
                .param("since", since.atOffset(ZoneOffset.UTC))
                .query((rs, n) ->
                        new TenantCountRow(new WorkspaceId(rs.getObject("tenant_id", UUID.class)), rs.getLong("runs")))
                .list();
    }

    private static final String RECENT_FAILURES = """
            SELECT tenant_id, id, workflow_id, error, created_at, finished_at
              FROM run
             WHERE created_at >= :since AND status = 'failed'
             ORDER BY created_at DESC, id DESC
             LIMIT :limit
            """;

    /** The newest failed runs created since {@code since}, across workspaces: operator only. */
    public List<FailedRunRow> recentFailuresForOperator(Instant since, int limit) {
        return jdbc.sql(RECENT_FAILURES)
                .param("since", since.atOffset(ZoneOffset.UTC))
                .param("limit", limit)
                .query((rs, n) -> {
                    OffsetDateTime finished = rs.getObject("finished_at", OffsetDateTime.class);
                    return new FailedRunRow(
                            new WorkspaceId(rs.getObject("tenant_id", UUID.class)),
                            rs.getObject("id", UUID.class),
                            rs.getObject("workflow_id", UUID.class),
                            rs.getString("error"),
                            rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                            finished == null ? null : finished.toInstant());
                })
                .list();
    }

    /** The job queue's state for the operator's alert rules; ages in seconds, by the database clock. */
    public record QueueHealthRow(
            long due, double oldestDueSeconds, long running, long expired, double oldestExpiredSeconds) {}

    // A job is due from the later of its enqueueing and its run_at (a retry or a reaped lease moves run_at on).
    private static final String QUEUE_HEALTH = """
            SELECT count(*) FILTER (WHERE state = 'queued' AND run_at <= now()) AS due,
                   coalesce(extract(epoch FROM now() - min(greatest(run_at, enqueued_at))
                                    FILTER (WHERE state = 'queued' AND run_at <= now())), 0) AS oldest_due,
                   count(*) FILTER (WHERE state = 'running') AS running,
                   count(*) FILTER (WHERE state = 'running' AND lease_until < now()) AS expired,
                   coalesce(extract(epoch FROM now() - min(lease_until)
                                    FILTER (WHERE state = 'running' AND lease_until < now())), 0) AS oldest_expired
              FROM job
            """;

    /** Due and running jobs, the oldest due job's wait and the leases that ran out, across workspaces: operator only. */
    public QueueHealthRow queueHealthForOperator() {
        return jdbc.sql(QUEUE_HEALTH)
                .query((rs, n) -> new QueueHealthRow(
                        rs.getLong("due"),
                        rs.getDouble("oldest_due"),
                        rs.getLong("running"),
                        rs.getLong("expired"),
                        rs.getDouble("oldest_expired")))
                .single();
    }
}
