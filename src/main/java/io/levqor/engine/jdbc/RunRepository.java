package io.levqor.engine.jdbc;

import io.levqor.engine.RunStatus;
import io.levqor.shared.WorkspaceId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** Runs and their step attempts. Every status change is a conditional UPDATE, so each happens once. */
@Repository
public class RunRepository {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    public RunRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    private static final String INSERT_MANY = """
            INSERT INTO run (tenant_id, id, workflow_id, version, status, trigger_type, trigger, idempotency_key,
                             priority, created_at)
            SELECT r.tenant_id, r.id, r.workflow_id, r.version, 'queued', r.trigger_type, CAST(r.trigger AS jsonb),
                   r.idempotency_key, r.priority, r.created_at
              FROM jsonb_to_recordset(CAST(:rows AS jsonb)) AS r(
                       tenant_id uuid, id uuid, workflow_id uuid, version int, trigger_type text, trigger text,
                       idempotency_key text, priority bigint, created_at timestamptz)
            ON CONFLICT DO NOTHING
            RETURNING id
            """;

    /**
     * Inserts queued runs in one statement; answers the ids actually inserted (a run whose idempotency key was
     * seen before is not).
     */
    public Set<UUID> insertQueued(List<NewRun> batch) {
        List<Map<String, Object>> rows = new ArrayList<>(batch.size());
        for (NewRun run : batch) {
            Map<String, Object> row = new HashMap<>();
            row.put("tenant_id", run.tenant().value());
            row.put("id", run.id());
            row.put("workflow_id", run.workflowId());
            row.put("version", run.version());
            row.put("trigger_type", run.triggerType());
            row.put("trigger", run.trigger());
            row.put("idempotency_key", run.idempotencyKey());
            row.put("priority", run.priority());
            row.put("created_at", run.createdAt().toString());
            rows.add(row);
        }
        return new HashSet<>(jdbc.sql(INSERT_MANY)
                .param("rows", json.writeValueAsString(rows))
                .query(UUID.class)
                .list());
    }

    private static final String INSERT = """
            INSERT INTO run (tenant_id, id, workflow_id, version, status, trigger_type, trigger, idempotency_key,
                             fire_time, priority, created_at, finished_at, error)
            VALUES (:tenantId, :id, :workflowId, :version, :status, :triggerType, CAST(:trigger AS jsonb),
                    :idempotencyKey, :fireTime, :priority, :createdAt, :finishedAt, :error)
            ON CONFLICT DO NOTHING
            """;

    /** Inserts the run; false when its idempotency key or schedule fire already made one. */
    public boolean insert(NewRun run) {
        return jdbc.sql(INSERT)
                        .param("tenantId", run.tenant().value())
                        .param("id", run.id())
                        .param("workflowId", run.workflowId())
                        .param("version", run.version())
                        .param("status", run.status().apiName())
                        .param("triggerType", run.triggerType())
                        .param("trigger", run.trigger())
                        .param("idempotencyKey", run.idempotencyKey(), Types.VARCHAR)
                        .param("fireTime", time(run.fireTime()), Types.TIMESTAMP_WITH_TIMEZONE)
                        .param("priority", run.priority())
                        .param("createdAt", time(run.createdAt()))
                        .param(
                                "finishedAt",
                                run.status().isFinal() ? time(run.createdAt()) : null,
                                Types.TIMESTAMP_WITH_TIMEZONE)
                        .param("error", run.error(), Types.VARCHAR)
                        .update()
                == 1;
    }

    private static final String BY_IDEMPOTENCY_KEY = """
            SELECT id, status FROM run WHERE tenant_id = :tenantId AND idempotency_key = :key
            """;

    public Optional<IdAndStatus> findByIdempotencyKey(WorkspaceId tenant, String key) {
        return jdbc.sql(BY_IDEMPOTENCY_KEY)
                .param("tenantId", tenant.value())
                .param("key", key)
                .query((rs, row) ->
                        new IdAndStatus(rs.getObject("id", UUID.class), RunStatus.fromApiName(rs.getString("status"))))
                .optional();
    }

    /** A run's id and status. */
    public record IdAndStatus(UUID id, RunStatus status) {}

    private static final String COLUMNS = """
            tenant_id, id, workflow_id, version, status, trigger_type, trigger, step_index, outputs, output, error,
            priority, holds_slot, created_at, finished_at
            """;

    private static final String FIND = "SELECT " + COLUMNS + " FROM run WHERE tenant_id = :tenantId AND id = :id";

    public Optional<RunRow> find(WorkspaceId tenant, UUID id) {
        return jdbc.sql(FIND)
                .param("tenantId", tenant.value())
                .param("id", id)
                .query(RunRepository::row)
                .optional();
    }

    private static final String FIND_ALL = "SELECT " + COLUMNS + """
              FROM run
             WHERE (tenant_id, id) IN (
                   SELECT k.tenant_id, k.id FROM jsonb_to_recordset(CAST(:keys AS jsonb)) AS k(tenant_id uuid, id uuid))
            """;

    /** The runs of claimed jobs, in one round trip (each filtered by its own tenant); missing ones are absent. */
    public Map<UUID, RunRow> findAll(List<ClaimedJob> jobs) {
        if (jobs.isEmpty()) {
            return Map.of();
        }
        List<Map<String, Object>> keys = new ArrayList<>(jobs.size());
        for (ClaimedJob job : jobs) {
            keys.add(Map.of("tenant_id", job.tenant().value(), "id", job.runId()));
        }
        Map<UUID, RunRow> rows = new HashMap<>();
        jdbc.sql(FIND_ALL)
                .param("keys", json.writeValueAsString(keys))
                .query(RunRepository::row)
                .list()
                .forEach(row -> rows.put(row.id(), row));
        return rows;
    }

    private static final String MARK_RUNNING = """
            UPDATE run SET status = 'running'
             WHERE tenant_id = :tenantId AND id = :id AND status = 'queued'
            """;

    /** queued → running; false when it already runs (a later step) or has ended. */
    public boolean markRunning(WorkspaceId tenant, UUID id) {
        return jdbc.sql(MARK_RUNNING)
                        .param("tenantId", tenant.value())
                        .param("id", id)
                        .update()
                == 1;
    }

    private static final String TAKE_SLOT = """
            UPDATE run SET holds_slot = true
             WHERE tenant_id = :tenantId AND id = :id AND NOT holds_slot
            """;

    /** Records that the run counts against its workflow's concurrency cap; false when it already did. */
    public boolean markHoldsSlot(WorkspaceId tenant, UUID id) {
        return jdbc.sql(TAKE_SLOT)
                        .param("tenantId", tenant.value())
                        .param("id", id)
                        .update()
                == 1;
    }

    private static final String SAVE_PROGRESS = """
            UPDATE run SET step_index = :stepIndex, outputs = CAST(:outputs AS jsonb)
             WHERE tenant_id = :tenantId AND id = :id AND status = 'running'
            """;

    /** Remembers where a running run is and what its steps produced; false when it is no longer running. */
    public boolean saveProgress(WorkspaceId tenant, UUID id, int stepIndex, String outputs) {
        return jdbc.sql(SAVE_PROGRESS)
                        .param("tenantId", tenant.value())
                        .param("id", id)
                        .param("stepIndex", stepIndex)
                        .param("outputs", outputs)
                        .update()
                == 1;
    }

    private static final String FINISH = """
            UPDATE run
               SET status = :status, step_index = :stepIndex, outputs = CAST(:outputs AS jsonb),
                   output = CAST(:output AS jsonb), error = :error, finished_at = :now
             WHERE tenant_id = :tenantId AND id = :id AND status IN ('queued', 'running')
            RETURNING holds_slot
            """;

    /**
     * The one final transition of a run. Empty when it had already ended (cancelled meanwhile, or finished by
     * another worker); otherwise whether it held a concurrency slot to give back.
     */
    public Optional<Boolean> finish(
            WorkspaceId tenant,
            UUID id,
            RunStatus status,
            int stepIndex,
            String outputs,
            @Nullable String output,
            @Nullable String error,
            Instant now) {
        return jdbc.sql(FINISH)
                .param("status", status.apiName())
                .param("stepIndex", stepIndex)
                .param("outputs", outputs)
                .param("output", output, Types.VARCHAR)
                .param("error", error, Types.VARCHAR)
                .param("now", time(now))
                .param("tenantId", tenant.value())
                .param("id", id)
                .query(Boolean.class)
                .optional();
    }

    private static final String CANCEL = """
            UPDATE run SET status = 'cancelled', finished_at = :now
             WHERE tenant_id = :tenantId AND id = :id AND status IN ('queued', 'running')
            RETURNING holds_slot, workflow_id
            """;

    /** queued/running → cancelled; empty when the run had already ended. */
    public Optional<SlotHolder> cancel(WorkspaceId tenant, UUID id, Instant now) {
        return jdbc.sql(CANCEL)
                .param("now", time(now))
                .param("tenantId", tenant.value())
                .param("id", id)
                .query((rs, row) ->
                        new SlotHolder(rs.getBoolean("holds_slot"), rs.getObject("workflow_id", UUID.class)))
                .optional();
    }

    /** Whether a run held a concurrency slot of its workflow. */
    public record SlotHolder(boolean holdsSlot, UUID workflowId) {}

    private static final String REQUEUE_FAILED = """
            UPDATE run SET status = 'queued', error = NULL, output = NULL, finished_at = NULL, holds_slot = false
             WHERE tenant_id = :tenantId AND id = :id AND status = 'failed'
            RETURNING step_index, priority
            """;

    /** failed → queued for a replay from the failed step; empty when the run is not failed. */
    public Optional<StepAndPriority> requeueFailed(WorkspaceId tenant, UUID id) {
        return jdbc.sql(REQUEUE_FAILED)
                .param("tenantId", tenant.value())
                .param("id", id)
                .query((rs, row) -> new StepAndPriority(rs.getInt("step_index"), rs.getLong("priority")))
                .optional();
    }

    /** Where a replay starts. */
    public record StepAndPriority(int stepIndex, long priority) {}

    private static final String RECORD_ATTEMPT = """
            INSERT INTO step_attempt (tenant_id, run_id, step_index, step_id, step_type, status, input, output, error,
                                      started_at, finished_at)
            VALUES (:tenantId, :runId, :stepIndex, :stepId, :stepType, :status, CAST(:input AS jsonb),
                    CAST(:output AS jsonb), :error, :startedAt, :finishedAt)
            """;

    public void recordAttempt(WorkspaceId tenant, UUID runId, AttemptRow attempt) {
        int inserted = jdbc.sql(RECORD_ATTEMPT)
                .param("tenantId", tenant.value())
                .param("runId", runId)
                .param("stepIndex", attempt.stepIndex())
                .param("stepId", attempt.stepId())
                .param("stepType", attempt.stepType())
                .param("status", attempt.status())
                .param("input", attempt.input(), Types.VARCHAR)
                .param("output", attempt.output(), Types.VARCHAR)
                .param("error", attempt.error(), Types.VARCHAR)
                .param("startedAt", time(attempt.startedAt()))
                .param("finishedAt", time(attempt.finishedAt()))
                .update();
        if (inserted != 1) {
            throw new IllegalStateException("attempt of run " + runId + " not recorded");
        }
    }

    private static final String RECORD_ATTEMPTS = """
            INSERT INTO step_attempt (tenant_id, run_id, step_index, step_id, step_type, status, input, output, error,
                                      started_at, finished_at)
            SELECT :tenantId, :runId, a.step_index, a.step_id, a.step_type, a.status, CAST(a.input AS jsonb),
                   CAST(a.output AS jsonb), a.error, a.started_at, a.finished_at
              FROM ROWS FROM (jsonb_to_recordset(CAST(:attempts AS jsonb)) AS (
                       step_index int, step_id text, step_type text, status text, input text, output text,
                       error text, started_at timestamptz, finished_at timestamptz))
                   WITH ORDINALITY AS a(step_index, step_id, step_type, status, input, output, error, started_at,
                                        finished_at, n)
             ORDER BY a.n
            """;

    /** Records attempts in their order with one statement. */
    public void recordAttempts(WorkspaceId tenant, UUID runId, List<AttemptRow> attempts) {
        if (attempts.isEmpty()) {
            return;
        }
        if (attempts.size() == 1) {
            recordAttempt(tenant, runId, attempts.get(0));
            return;
        }
        List<Map<String, Object>> rows = new ArrayList<>(attempts.size());
        for (AttemptRow attempt : attempts) {
            Map<String, Object> row = new HashMap<>();
            row.put("step_index", attempt.stepIndex());
            row.put("step_id", attempt.stepId());
            row.put("step_type", attempt.stepType());
            row.put("status", attempt.status());
            row.put("input", attempt.input());
            row.put("output", attempt.output());
            row.put("error", attempt.error());
            row.put("started_at", attempt.startedAt().toString());
            row.put("finished_at", attempt.finishedAt().toString());
            rows.add(row);
        }
        int inserted = jdbc.sql(RECORD_ATTEMPTS)
                .param("tenantId", tenant.value())
                .param("runId", runId)
                .param("attempts", json.writeValueAsString(rows))
                .update();
        if (inserted != attempts.size()) {
            throw new IllegalStateException("attempts of run " + runId + " not recorded");
        }
    }

    private static final String ATTEMPTS = """
            SELECT step_index, step_id, step_type, status, input, output, error, started_at, finished_at
              FROM step_attempt
             WHERE tenant_id = :tenantId AND run_id = :runId
             ORDER BY seq
            """;

    public List<AttemptRow> attempts(WorkspaceId tenant, UUID runId) {
        return jdbc.sql(ATTEMPTS)
                .param("tenantId", tenant.value())
                .param("runId", runId)
                .query((rs, row) -> new AttemptRow(
                        rs.getInt("step_index"),
                        rs.getString("step_id"),
                        rs.getString("step_type"),
                        rs.getString("status"),
                        rs.getString("input"),
                        rs.getString("output"),
                        rs.getString("error"),
                        instant(rs, "started_at"),
                        instant(rs, "finished_at")))
                .list();
    }

    private static final String LIST = "SELECT " + COLUMNS + """
              FROM run
             WHERE tenant_id = :tenantId
               AND (CAST(:workflowId AS uuid) IS NULL OR workflow_id = CAST(:workflowId AS uuid))
               AND (CAST(:status AS text) IS NULL OR status = CAST(:status AS text))
               AND (CAST(:before AS uuid) IS NULL OR id < CAST(:before AS uuid))
               AND (CAST(:from AS timestamptz) IS NULL OR created_at >= CAST(:from AS timestamptz))
               AND (CAST(:to AS timestamptz) IS NULL OR created_at < CAST(:to AS timestamptz))
             ORDER BY id DESC
             LIMIT :limit
            """;

    /** Newest first (ids are time-ordered); {@code before} is the cursor: the last id of the previous page. */
    public List<RunRow> list(
            WorkspaceId tenant,
            @Nullable UUID workflowId,
            @Nullable RunStatus status,
            @Nullable Instant from,
            @Nullable Instant to,
            @Nullable UUID before,
            int limit) {
        return jdbc.sql(LIST)
                .param("tenantId", tenant.value())
                .param("workflowId", workflowId, Types.OTHER)
                .param("status", status == null ? null : status.apiName(), Types.VARCHAR)
                .param("before", before, Types.OTHER)
                .param("from", time(from), Types.TIMESTAMP_WITH_TIMEZONE)
                .param("to", time(to), Types.TIMESTAMP_WITH_TIMEZONE)
                .param("limit", limit)
                .query(RunRepository::row)
                .list();
    }

    private static final String STATUS = "SELECT status, output FROM run WHERE tenant_id = :tenantId AND id = :id";

    /** Just the status and output, for callers polling a run. */
    public Optional<StatusAndOutput> status(WorkspaceId tenant, UUID id) {
        return jdbc.sql(STATUS)
                .param("tenantId", tenant.value())
                .param("id", id)
                .query((rs, row) ->
                        new StatusAndOutput(RunStatus.fromApiName(rs.getString("status")), rs.getString("output")))
                .optional();
    }

    /** A run's status and output JSON. */
    public record StatusAndOutput(
            RunStatus status, @Nullable String output) {}

    private static final String PRUNE = """
            WITH old AS (
                SELECT tenant_id, id FROM run
                 WHERE created_at < :before AND status IN ('succeeded', 'failed', 'cancelled', 'refused')
                 LIMIT :limit),
            attempts AS (
                DELETE FROM step_attempt a USING old WHERE a.tenant_id = old.tenant_id AND a.run_id = old.id)
            DELETE FROM run r USING old WHERE r.tenant_id = old.tenant_id AND r.id = old.id
            """;

    /** Deletes up to {@code limit} ended runs created before {@code before}, with their attempts. */
    public int prune(Instant before, int limit) {
        return jdbc.sql(PRUNE)
                .param("before", time(before))
                .param("limit", limit)
                .update();
    }

    private static RunRow row(ResultSet rs, int row) throws SQLException {
        return new RunRow(
                new WorkspaceId(rs.getObject("tenant_id", UUID.class)),
                rs.getObject("id", UUID.class),
                rs.getObject("workflow_id", UUID.class),
                rs.getInt("version"),
                RunStatus.fromApiName(rs.getString("status")),
                rs.getString("trigger_type"),
                rs.getString("trigger"),
                rs.getInt("step_index"),
                rs.getString("outputs"),
                rs.getString("output"),
                rs.getString("error"),
                rs.getLong("priority"),
                rs.getBoolean("holds_slot"),
                instant(rs, "created_at"),
                instantOrNull(rs, "finished_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    private static @Nullable Instant instantOrNull(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static @Nullable OffsetDateTime time(@Nullable Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
