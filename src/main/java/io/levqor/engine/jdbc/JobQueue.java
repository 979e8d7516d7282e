package io.levqor.engine.jdbc;

import io.levqor.engine.RunStatus;
import io.levqor.shared.WorkspaceId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The job queue. Due times and leases use the database clock ({@code now()}): every node agrees on it, so a
 * node with a skewed clock can neither steal live leases nor run jobs early.
 */
@Repository
public class JobQueue {

    private final JdbcClient jdbc;

    public JobQueue(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private static final String CLAIM = """
            WITH due AS MATERIALIZED (
                SELECT id FROM job
                 WHERE state = 'queued' AND run_at <= now()
                 ORDER BY priority, run_at, id
                 LIMIT :batch
                   FOR UPDATE SKIP LOCKED),
            claimed AS (
                UPDATE job
                   SET state = 'running', attempt = job.attempt + 1,
                       lease_until = now() + make_interval(secs => :leaseSeconds), worker = :worker
                  FROM due
                 WHERE job.id = due.id
                RETURNING job.id AS job_id, job.tenant_id AS job_tenant_id, job.run_id, job.step_index AS job_step,
                          job.attempt AS job_attempt, job.priority AS job_priority, job.worker AS job_worker,
                          job.enqueued_at AS job_enqueued_at),
            started AS (
                UPDATE run SET status = 'running', started_at = now()
                  FROM claimed
                 WHERE run.tenant_id = claimed.job_tenant_id AND run.id = claimed.run_id
                   AND run.status = 'queued' AND NOT run.capped
                RETURNING run.id AS started_run)
            SELECT claimed.*, started.started_run IS NOT NULL AS started,
            """ + RunRepository.COLUMNS + """
              FROM claimed
              LEFT JOIN run ON run.tenant_id = claimed.job_tenant_id AND run.id = claimed.run_id
              LEFT JOIN started ON started.started_run = claimed.run_id
            """;

    /** A claimed job with its run as it was (null when the run is gone), already marked running if it was due to. */
    public record ClaimedRun(ClaimedJob job, @Nullable RunRow run) {}

    /**
     * Leases up to {@code batch} due jobs to {@code worker}, most urgent (lowest fairness slot) first, and loads
     * their runs in the same statement. A queued run turns {@code running} there too, unless it must first take
     * a slot of its workflow's concurrency cap.
     */
    public List<ClaimedRun> claimRuns(String worker, Duration lease, int batch) {
        return jdbc
                .sql(CLAIM)
                .param("batch", batch)
                .param("leaseSeconds", seconds(lease))
                .param("worker", worker)
                .query(JobQueue::claimedRun)
                .list()
                .stream()
                .sorted(Comparator.comparingLong((ClaimedRun c) -> c.job().priority())
                        .thenComparingLong(c -> c.job().id()))
                .toList();
    }

    /** {@link #claimRuns} without the runs. */
    public List<ClaimedJob> claim(String worker, Duration lease, int batch) {
        return claimRuns(worker, lease, batch).stream().map(ClaimedRun::job).toList();
    }

    private static ClaimedRun claimedRun(ResultSet rs, int row) throws SQLException {
        var job = new ClaimedJob(
                rs.getLong("job_id"),
                new WorkspaceId(rs.getObject("job_tenant_id", UUID.class)),
                rs.getObject("run_id", UUID.class),
                rs.getInt("job_step"),
                rs.getInt("job_attempt"),
                rs.getLong("job_priority"),
                rs.getString("job_worker"),
                rs.getObject("job_enqueued_at", OffsetDateTime.class).toInstant());
        if (rs.getObject("id") == null) {
            return new ClaimedRun(job, null);
        }
        RunRow run = RunRepository.row(rs, row);
        // The statement's own update is invisible to its SELECT: the row read is from before it.
        return new ClaimedRun(job, rs.getBoolean("started") ? run.withStatus(RunStatus.RUNNING) : run);
    }

    private static final String RENEW = """
            UPDATE job SET lease_until = now() + make_interval(secs => :leaseSeconds)
             WHERE id IN (:ids) AND worker = :worker AND state = 'running'
            RETURNING id
            """;

    /** Extends this worker's leases; the ids missing from the answer were lost (reaped or cancelled). */
    public Set<Long> renew(String worker, Collection<Long> ids, Duration lease) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        return Set.copyOf(jdbc.sql(RENEW)
                .param("leaseSeconds", seconds(lease))
                .param("ids", ids)
                .param("worker", worker)
                .query(Long.class)
                .list());
    }

    private static final String RELEASE_EXPIRED = """
            WITH expired AS MATERIALIZED (
                SELECT id FROM job
                 WHERE state = 'running' AND lease_until < now()
                 LIMIT :limit
                   FOR UPDATE SKIP LOCKED)
            UPDATE job SET state = 'queued', worker = NULL, lease_until = NULL, run_at = now()
              FROM expired
             WHERE job.id = expired.id
            """;

    /** Puts jobs whose lease ran out (their node died or stalled) back in the queue; the attempt stays counted. */
    public int releaseExpiredLeases(int limit) {
        return jdbc.sql(RELEASE_EXPIRED).param("limit", limit).update();
    }

    private static final String ENQUEUE = """
            INSERT INTO job (tenant_id, run_id, step_index, priority, run_at)
            VALUES (:tenantId, :runId, :stepIndex, :priority, coalesce(:runAt, now()))
            """;

    /** Queues the run's step; {@code runAt} null means due now (by the database clock). */
    public void enqueue(WorkspaceId tenant, UUID runId, int stepIndex, long priority, @Nullable Instant runAt) {
        int inserted = jdbc.sql(ENQUEUE)
                .param("tenantId", tenant.value())
                .param("runId", runId)
                .param("stepIndex", stepIndex)
                .param("priority", priority)
                .param(
                        "runAt",
                        runAt == null ? null : runAt.atOffset(ZoneOffset.UTC),
                        java.sql.Types.TIMESTAMP_WITH_TIMEZONE)
                .update();
        if (inserted != 1) {
            throw new IllegalStateException("job for run " + runId + " not queued");
        }
    }

    private static final String ENQUEUE_MANY = """
            INSERT INTO job (tenant_id, run_id, step_index, priority, run_at)
            SELECT j.tenant_id, j.run_id, 0, j.priority, now()
              FROM jsonb_to_recordset(CAST(:jobs AS jsonb)) AS j(tenant_id uuid, run_id uuid, priority bigint)
            """;

    /** Queues the first step of new runs, due now, in one statement. */
    public void enqueueFirstSteps(List<NewJob> jobs) {
        if (jobs.isEmpty()) {
            return;
        }
        StringBuilder array = new StringBuilder("[");
        for (NewJob job : jobs) {
            if (array.length() > 1) {
                array.append(',');
            }
            array.append("{\"tenant_id\":\"")
                    .append(job.tenant().value())
                    .append("\",\"run_id\":\"")
                    .append(job.runId())
                    .append("\",\"priority\":")
                    .append(job.priority())
                    .append('}');
        }
        int inserted = jdbc.sql(ENQUEUE_MANY)
                .param("jobs", array.append(']').toString())
                .update();
        if (inserted != jobs.size()) {
            throw new IllegalStateException("only " + inserted + " of " + jobs.size() + " jobs queued");
        }
    }

    /** The first job of a new run. */
    public record NewJob(WorkspaceId tenant, UUID runId, long priority) {}

    /**
     * Fenced: hands the job back to the queue for {@code stepIndex} (the next step, or the same one for a retry).
     * Returns false when the fence does not match, i.e. this worker no longer owns the job.
     *
     * @param attempt the attempt counter the job continues from (0 for a new step)
     * @param runAt an absolute due time, or null for now() plus {@code delay}
     */
    public boolean requeue(ClaimedJob job, int stepIndex, int attempt, @Nullable Instant runAt, Duration delay) {
        return !requeueAll(List.of(new Requeue(job, stepIndex, attempt, runAt, delay)))
                .isEmpty();
    }

    /** Fenced: removes the finished job; false when another worker owns it now (the finish is discarded). */
    public boolean delete(ClaimedJob job) {
        return !deleteAll(List.of(job)).isEmpty();
    }

    /** A fenced hand-back of a claimed job: see {@link #requeue}. */
    public record Requeue(
            ClaimedJob job,
            int stepIndex,
            int attempt,
            @Nullable Instant runAt,
            Duration delay) {}

    private static final String REQUEUE_ALL = """
            UPDATE job
               SET step_index = r.step_index, state = 'queued', attempt = r.attempt, worker = NULL,
                   lease_until = NULL,
                   run_at = coalesce(r.run_at, now() + make_interval(secs => r.delay_seconds))
              FROM unnest(CAST(:ids AS bigint[]), CAST(:workers AS text[]), CAST(:fenceSteps AS int[]),
                          CAST(:fences AS int[]), CAST(:stepIndexes AS int[]), CAST(:attempts AS int[]),
                          CAST(:runAts AS timestamptz[]), CAST(:delays AS float8[]))
                   AS r(id, worker, fence_step, fence, step_index, attempt, run_at, delay_seconds)
             WHERE job.id = r.id AND job.worker = r.worker AND job.step_index = r.fence_step
               AND job.attempt = r.fence
            RETURNING job.id
            """;

    /** {@link #requeue} for a batch in one statement; answers the ids whose fence matched (the rest are lost). */
    public Set<Long> requeueAll(List<Requeue> batch) {
        if (batch.isEmpty()) {
            return Set.of();
        }
        return matched(fenced(REQUEUE_ALL, batch, Requeue::job)
                .param("stepIndexes", SqlArrays.ints(batch, Requeue::stepIndex))
                .param("attempts", SqlArrays.ints(batch, Requeue::attempt))
                .param("runAts", SqlArrays.text(batch, Requeue::runAt))
                .param("delays", SqlArrays.doubles(batch, r -> seconds(r.delay()))));
    }

    /** A fenced move of a leased job to the first attempt of a later step, keeping the lease. */
    public record Advance(ClaimedJob job, int stepIndex) {}

    // Neither the state nor the lease changes, so no indexed column does: PostgreSQL updates the row in place (HOT).
    private static final String ADVANCE_ALL = """
            UPDATE job SET step_index = a.step_index, attempt = 1
              FROM unnest(CAST(:ids AS bigint[]), CAST(:workers AS text[]), CAST(:fenceSteps AS int[]),
                          CAST(:fences AS int[]), CAST(:stepIndexes AS int[]))
                   AS a(id, worker, fence_step, fence, step_index)
             WHERE job.id = a.id AND job.worker = a.worker AND job.step_index = a.fence_step
               AND job.attempt = a.fence AND job.state = 'running'
            RETURNING job.id
            """;

    /** Moves leased jobs on to a later step in one statement; answers the ids whose fence matched. */
    public Set<Long> advanceAll(List<Advance> batch) {
        if (batch.isEmpty()) {
            return Set.of();
        }
        return matched(fenced(ADVANCE_ALL, batch, Advance::job)
                .param("stepIndexes", SqlArrays.ints(batch, Advance::stepIndex)));
    }

    private static final String DELETE_ALL = """
            DELETE FROM job
             USING unnest(CAST(:ids AS bigint[]), CAST(:workers AS text[]), CAST(:fenceSteps AS int[]),
                          CAST(:fences AS int[]))
                   AS d(id, worker, fence_step, fence)
             WHERE job.id = d.id AND job.worker = d.worker AND job.step_index = d.fence_step
               AND job.attempt = d.fence
            RETURNING job.id
            """;

    /** {@link #delete} for a batch in one statement; answers the ids whose fence matched. */
    public Set<Long> deleteAll(List<ClaimedJob> batch) {
        if (batch.isEmpty()) {
            return Set.of();
        }
        return matched(fenced(DELETE_ALL, batch, job -> job));
    }

    /** The statement with each entry's fence bound as arrays: {@code :ids, :workers, :fenceSteps, :fences}. */
    private <T> JdbcClient.StatementSpec fenced(String sql, List<T> batch, Function<T, ClaimedJob> job) {
        return jdbc.sql(sql)
                .param("ids", SqlArrays.longs(batch, t -> job.apply(t).id()))
                .param("workers", SqlArrays.text(batch, t -> job.apply(t).worker()))
                .param("fenceSteps", SqlArrays.ints(batch, t -> job.apply(t).stepIndex()))
                .param("fences", SqlArrays.ints(batch, t -> job.apply(t).attempt()));
    }

    /** The ids of the jobs whose fence matched ({@code RETURNING job.id}). */
    private static Set<Long> matched(JdbcClient.StatementSpec statement) {
        return Set.copyOf(statement.query(Long.class).list());
    }

    private static final String DELETE_FOR_RUN = """
            DELETE FROM job WHERE tenant_id = :tenantId AND run_id = :runId
            """;

    /**
     * Makes the run's queued job due now (a waiting run's, signalled); false when it has none that is not claimed.
     * Locks the job before the caller touches the run, in the claim's order (job, then run).
     */
    public boolean dueNow(WorkspaceId tenant, UUID runId) {
        return jdbc.sql("UPDATE job SET run_at = now() WHERE tenant_id = :tenantId AND run_id = :runId"
                                + " AND state = 'queued'")
                        .param("tenantId", tenant.value())
                        .param("runId", runId)
                        .update()
                == 1;
    }

    public int deleteForRun(WorkspaceId tenant, UUID runId) {
        return jdbc.sql(DELETE_FOR_RUN)
                .param("tenantId", tenant.value())
                .param("runId", runId)
                .update();
    }

    private static final String FORGET_WORKSPACE = """
            WITH jobs AS (DELETE FROM job WHERE tenant_id = :tenantId),
            caps AS (DELETE FROM workflow_concurrency WHERE tenant_id = :tenantId)
            DELETE FROM job_tenant WHERE tenant_id = :tenantId
            """;

    /** Drops a deleted workspace's queued and running jobs, concurrency counters and fairness slot. */
    public void forgetWorkspace(WorkspaceId tenant) {
        jdbc.sql(FORGET_WORKSPACE).param("tenantId", tenant.value()).update();
    }

    private static final String SERVING_SLOT = """
            SELECT priority FROM job
             WHERE state = 'queued' AND run_at <= now()
             ORDER BY priority, run_at, id
             LIMIT 1
            """;

    private static final String TAKE_SLOTS = """
            INSERT INTO job_tenant AS t (tenant_id, next_slot) VALUES (:tenantId, :floor + :count)
            ON CONFLICT (tenant_id) DO UPDATE SET next_slot = GREATEST(t.next_slot, :floor) + :count
            RETURNING next_slot - :count
            """;

    /**
     * Reserves {@code count} consecutive fairness slots for new runs of the workspace: never below the slot the
     * queue serves now, so a workspace that was idle goes to the front and a flood queues behind itself.
     */
    public long takeSlots(WorkspaceId tenant, int count) {
        long floor = jdbc.sql(SERVING_SLOT).query(Long.class).optional().orElse(0L);
        return jdbc.sql(TAKE_SLOTS)
                .param("tenantId", tenant.value())
                .param("floor", floor)
                .param("count", count)
                .query(Long.class)
                .single();
    }

    private static final String STATS = """
            SELECT count(*) AS depth, extract(epoch FROM now() - min(enqueued_at)) AS oldest
              FROM job WHERE state = 'queued' AND run_at <= now()
            """;

    /** Due jobs waiting for a worker, and how long the oldest has waited. */
    public QueueStats stats() {
        return jdbc.sql(STATS)
                .query((rs, row) -> new QueueStats(rs.getLong("depth"), rs.getDouble("oldest")))
                .single();
    }

    /** Queue depth and the age of its oldest due job in seconds. */
    public record QueueStats(long depth, double oldestAgeSeconds) {}

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }
}
