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
import java.util.EnumSet;
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
            INSERT INTO run (tenant_id, id, workflow_id, version, capped, status, trigger_type, trigger,
                             idempotency_key, priority, created_at, step_index, outputs, output, error,
                             started_at, finished_at, run_timeout, deadline_at, parent_run_id)
            SELECT r.tenant_id, r.id, r.workflow_id, r.version, r.capped, r.status, r.trigger_type,
                   CAST(r.trigger AS jsonb), r.idempotency_key, r.priority, r.created_at, coalesce(r.step_index, 0),
                   coalesce(CAST(r.outputs AS jsonb), '{}'), CAST(r.output AS jsonb), r.error, r.started_at,
                   r.finished_at, make_interval(secs => r.timeout_ms / 1000.0),
                   now() + make_interval(secs => r.timeout_ms / 1000.0), r.parent_run_id
              FROM jsonb_to_recordset(CAST(:rows AS jsonb)) AS r(
                       tenant_id uuid, id uuid, workflow_id uuid, version int, capped boolean, status text,
                       trigger_type text, trigger text, idempotency_key text, priority bigint, created_at timestamptz,
                       step_index int, outputs text, output text, error text, started_at timestamptz,
                       finished_at timestamptz, timeout_ms bigint, parent_run_id uuid)
            ON CONFLICT DO NOTHING
            RETURNING id
            """;

    /**
     * Inserts new runs in one statement, queued or (with {@link NewRun#ended()}) already ended; answers the ids
     * actually inserted (a run whose idempotency key was seen before is not).
     */
    public Set<UUID> insertAll(List<NewRun> batch) {
        List<Map<String, Object>> rows = new ArrayList<>(batch.size());
        for (NewRun run : batch) {
            Map<String, Object> row = new HashMap<>();
            row.put("tenant_id", run.tenant().value());
            row.put("id", run.id());
            row.put("workflow_id", run.workflowId());
            row.put("version", run.version());
            row.put("capped", run.capped());
            row.put("status", run.status().apiName());
            row.put("trigger_type", run.triggerType());
            row.put("trigger", run.trigger());
            row.put("idempotency_key", run.idempotencyKey());
            row.put("priority", run.priority());
            row.put("created_at", run.createdAt().toString());
            row.put("error", run.error());
            if (run.parentRunId() != null) {
                row.put("parent_run_id", run.parentRunId());
            }
            NewRun.Ended ended = run.ended();
            if (ended == null && run.timeout() != null) {
                row.put("timeout_ms", run.timeout().toMillis());
            }
            if (ended != null) {
                row.put("step_index", ended.stepIndex());
                row.put("outputs", ended.outputs());
                row.put("output", ended.output());
                row.put("started_at", ended.startedAt().toString());
                row.put("finished_at", ended.finishedAt().toString());
            }
            rows.add(row);
        }
        return new HashSet<>(jdbc.sql(INSERT_MANY)
                .param("rows", json.writeValueAsString(rows))
                .query(UUID.class)
                .list());
    }

    private static final String INSERT = """
            INSERT INTO run (tenant_id, id, workflow_id, version, capped, status, trigger_type, trigger,
                             idempotency_key, fire_time, priority, created_at, finished_at, error, run_timeout,
                             deadline_at)
            VALUES (:tenantId, :id, :workflowId, :version, :capped, :status, :triggerType, CAST(:trigger AS jsonb),
                    :idempotencyKey, :fireTime, :priority, :createdAt, :finishedAt, :error,
                    make_interval(secs => CAST(:timeoutMs AS bigint) / 1000.0),
                    now() + make_interval(secs => CAST(:timeoutMs AS bigint) / 1000.0))
            ON CONFLICT DO NOTHING
            """;

    /** Inserts the run; false when its idempotency key or schedule fire already made one. */
    public boolean insert(NewRun run) {
        return jdbc.sql(INSERT)
                        .param("tenantId", run.tenant().value())
                        .param("id", run.id())
                        .param("workflowId", run.workflowId())
                        .param("version", run.version())
                        .param("capped", run.capped())
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
                        .param(
                                "timeoutMs",
                                run.timeout() == null || run.status().isFinal()
                                        ? null
                                        : run.timeout().toMillis(),
                                Types.BIGINT)
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

    private static final String FORGET_KEY = """
            UPDATE run SET idempotency_key = NULL
             WHERE tenant_id = :tenantId AND idempotency_key = :key AND created_at < :before
            """;

    /** Forgets the key when the run that holds it was created before {@code before}; answers whether it did. */
    public boolean forgetIdempotencyKey(WorkspaceId tenant, String key, Instant before) {
        return jdbc.sql(FORGET_KEY)
                        .param("tenantId", tenant.value())
                        .param("key", key)
                        .param("before", time(before))
                        .update()
                > 0;
    }

    /** How webhook delivery keys start in {@code run.idempotency_key}: {@code hook:<workflow id>:<key>}. */
    public static final String HOOK_KEY_PREFIX = "hook:";

    // The partial index run_hook_key (V80) holds only runs that still have a webhook key; the LIKE is a literal so
    // that the planner can prove it matches the index's predicate.
    private static final String FORGET_HOOK_KEYS = """
            WITH old AS (
                SELECT tenant_id, id FROM run
                 WHERE idempotency_key LIKE 'hook:%' AND created_at < :before
                 LIMIT :limit)
            UPDATE run r SET idempotency_key = NULL FROM old WHERE r.tenant_id = old.tenant_id AND r.id = old.id
            """;

    /** Forgets up to {@code limit} webhook delivery keys of runs created before {@code before}; answers how many. */
    public int forgetHookKeys(Instant before, int limit) {
        return jdbc.sql(FORGET_HOOK_KEYS)
                .param("before", time(before))
                .param("limit", limit)
                .update();
    }

    static final String COLUMNS = """
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

    private static final String MARK_RUNNING = """
            UPDATE run SET status = 'running', started_at = now()
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

    /** Where a running run is and what its steps produced so far. */
    public record Progress(WorkspaceId tenant, UUID runId, int stepIndex, String outputs) {}

    private static final String SAVE_PROGRESS_ALL = """
            UPDATE run SET step_index = p.step_index, outputs = p.outputs
              FROM unnest(CAST(:tenants AS uuid[]), CAST(:ids AS uuid[]), CAST(:stepIndexes AS int[]),
                          CAST(:outputs AS jsonb[]))
                   AS p(tenant_id, id, step_index, outputs)
             WHERE run.tenant_id = p.tenant_id AND run.id = p.id AND run.status = 'running'
            """;

    /**
     * Remembers where running runs are and what their steps produced, in one statement (one entry per run); runs
     * that are no longer running are left alone.
     */
    public void saveProgressAll(List<Progress> batch) {
        if (batch.isEmpty()) {
            return;
        }
        jdbc.sql(SAVE_PROGRESS_ALL)
                .param("tenants", SqlArrays.text(batch, p -> p.tenant().value()))
                .param("ids", SqlArrays.text(batch, Progress::runId))
                .param("stepIndexes", SqlArrays.ints(batch, Progress::stepIndex))
                .param("outputs", SqlArrays.text(batch, Progress::outputs))
                .update();
    }

    /** A running run that reached a wait step, and what it waits for (no signal: a durable sleep). */
    public record Parked(
            WorkspaceId tenant,
            UUID runId,
            int stepIndex,
            String outputs,
            @Nullable String signal,
            String stepId) {}

    private static final String PARK_ALL = """
            UPDATE run SET status = 'waiting', step_index = p.step_index, outputs = p.outputs,
                           waiting_signal = p.signal, waiting_step = p.step_id
              FROM unnest(CAST(:tenants AS uuid[]), CAST(:ids AS uuid[]), CAST(:stepIndexes AS int[]),
                          CAST(:outputs AS jsonb[]), CAST(:signals AS text[]), CAST(:stepIds AS text[]))
                   AS p(tenant_id, id, step_index, outputs, signal, step_id)
             WHERE run.tenant_id = p.tenant_id AND run.id = p.id AND run.status IN (%s)
            """.formatted(RunStatuses.sourcesOf(RunStatus.WAITING));

    /** running → waiting for each run, in one statement; runs no longer running are left alone. */
    public void parkAll(List<Parked> batch) {
        if (batch.isEmpty()) {
            return;
        }
        jdbc.sql(PARK_ALL)
                .param("tenants", SqlArrays.text(batch, p -> p.tenant().value()))
                .param("ids", SqlArrays.text(batch, Parked::runId))
                .param("stepIndexes", SqlArrays.ints(batch, Parked::stepIndex))
                .param("outputs", SqlArrays.text(batch, Parked::outputs))
                .param("signals", SqlArrays.text(batch, Parked::signal))
                .param("stepIds", SqlArrays.text(batch, Parked::stepId))
                .update();
    }

    private static final String WAKE_TIMED_OUT = """
            UPDATE run SET status = 'running', waiting_signal = NULL, waiting_step = NULL
             WHERE tenant_id = :tenantId AND id = :id AND status = 'waiting'
            """;

    /** waiting → running when the wait's job came due (no signal came in time); false when it no longer waits. */
    public boolean wakeTimedOut(WorkspaceId tenant, UUID id) {
        return jdbc.sql(WAKE_TIMED_OUT)
                        .param("tenantId", tenant.value())
                        .param("id", id)
                        .update()
                == 1;
    }

    private static final String RESUME_WITH_SIGNAL = """
            UPDATE run SET status = 'queued', waiting_signal = NULL, waiting_step = NULL,
                           outputs = jsonb_set(outputs, ARRAY[waiting_step], CAST(:body AS jsonb))
             WHERE tenant_id = :tenantId AND id = :id AND status = 'waiting' AND waiting_signal = :signal
            """;

    /**
     * waiting → queued with the signal's body (JSON) as the waiting step's output; false when the run is not waiting
     * for that signal.
     */
    public boolean resumeWithSignal(WorkspaceId tenant, UUID id, String signal, String body) {
        return jdbc.sql(RESUME_WITH_SIGNAL)
                        .param("tenantId", tenant.value())
                        .param("id", id)
                        .param("signal", signal)
                        .param("body", body)
                        .update()
                == 1;
    }

    private static final String RESUME_STEP_WITH_SIGNAL = RESUME_WITH_SIGNAL + " AND waiting_step = :stepId";

    /** Like {@link #resumeWithSignal}, only when the run waits at the step {@code stepId} (a resume link's). */
    public boolean resumeWithSignal(WorkspaceId tenant, UUID id, String signal, String stepId, String body) {
        return jdbc.sql(RESUME_STEP_WITH_SIGNAL)
                        .param("tenantId", tenant.value())
                        .param("id", id)
                        .param("signal", signal)
                        .param("stepId", stepId)
                        .param("body", body)
                        .update()
                == 1;
    }

    /** A run's final status, outputs and error. */
    public record Ending(
            WorkspaceId tenant,
            UUID runId,
            RunStatus status,
            int stepIndex,
            String outputs,
            @Nullable String output,
            @Nullable String error) {}

    private static final String FINISH_ALL =
            """
            UPDATE run
               SET status = f.status, step_index = f.step_index, outputs = f.outputs, output = f.output,
                   error = f.error, finished_at = :now
              FROM unnest(CAST(:tenants AS uuid[]), CAST(:ids AS uuid[]), CAST(:statuses AS text[]),
                          CAST(:stepIndexes AS int[]), CAST(:outputs AS jsonb[]), CAST(:results AS jsonb[]),
                          CAST(:errors AS text[]))
                   AS f(tenant_id, id, status, step_index, outputs, output, error)
             WHERE run.tenant_id = f.tenant_id AND run.id = f.id AND run.status IN (%s)
            RETURNING run.id, run.holds_slot
            """.formatted(RunStatuses.sourcesOf(RunStatus.SUCCEEDED, RunStatus.FAILED));

    /**
     * The one final transition of each run, in one statement (one entry per run): answers, for each run that ended
     * now, whether it held a concurrency slot to give back; runs that had already ended (cancelled meanwhile, or
     * finished by another worker) are absent.
     */
    public Map<UUID, Boolean> finishAll(List<Ending> batch, Instant now) {
        if (batch.isEmpty()) {
            return Map.of();
        }
        Map<UUID, Boolean> ended = new HashMap<>();
        jdbc.sql(FINISH_ALL)
                .param("now", time(now))
                .param("tenants", SqlArrays.text(batch, e -> e.tenant().value()))
                .param("ids", SqlArrays.text(batch, Ending::runId))
                .param("statuses", SqlArrays.text(batch, e -> e.status().apiName()))
                .param("stepIndexes", SqlArrays.ints(batch, Ending::stepIndex))
                .param("outputs", SqlArrays.text(batch, Ending::outputs))
                .param("results", SqlArrays.text(batch, Ending::output))
                .param("errors", SqlArrays.text(batch, Ending::error))
                .query((rs, row) -> ended.put(rs.getObject("id", UUID.class), rs.getBoolean("holds_slot")))
                .list();
        return ended;
    }

    /** The attempts one job recorded for its run. */
    public record RunAttempts(WorkspaceId tenant, UUID runId, List<AttemptRow> attempts) {}

    private record FlatAttempt(WorkspaceId tenant, UUID runId, AttemptRow attempt) {}

    private static final String RECORD_ALL_ATTEMPTS = """
            INSERT INTO step_attempt (tenant_id, run_id, step_index, step_id, step_type, status, input, output, error,
                                      started_at, finished_at, path)
            SELECT a.tenant_id, a.run_id, a.step_index, a.step_id, a.step_type, a.status, a.input, a.output, a.error,
                   a.started_at, a.finished_at, nullif(a.path, a.step_id)
              FROM unnest(CAST(:tenants AS uuid[]), CAST(:runIds AS uuid[]), CAST(:stepIndexes AS int[]),
                          CAST(:stepIds AS text[]), CAST(:stepTypes AS text[]), CAST(:statuses AS text[]),
                          CAST(:inputs AS jsonb[]), CAST(:outputs AS jsonb[]), CAST(:errors AS text[]),
                          CAST(:startedAt AS timestamptz[]), CAST(:finishedAt AS timestamptz[]),
                          CAST(:paths AS text[]))
                   WITH ORDINALITY AS a(tenant_id, run_id, step_index, step_id, step_type, status, input, output,
                                        error, started_at, finished_at, path, n)
             ORDER BY a.n
            """;

    /** Records the attempts of many runs in one statement, each run's in its order. */
    public void recordAllAttempts(List<RunAttempts> batch) {
        List<FlatAttempt> rows = new ArrayList<>();
        for (RunAttempts run : batch) {
            for (AttemptRow attempt : run.attempts()) {
                rows.add(new FlatAttempt(run.tenant(), run.runId(), attempt));
            }
        }
        if (rows.isEmpty()) {
            return;
        }
        int inserted = jdbc.sql(RECORD_ALL_ATTEMPTS)
                .param("tenants", SqlArrays.text(rows, a -> a.tenant().value()))
                .param("runIds", SqlArrays.text(rows, FlatAttempt::runId))
                .param("stepIndexes", SqlArrays.ints(rows, a -> a.attempt().stepIndex()))
                .param("stepIds", SqlArrays.text(rows, a -> a.attempt().stepId()))
                .param("stepTypes", SqlArrays.text(rows, a -> a.attempt().stepType()))
                .param("statuses", SqlArrays.text(rows, a -> a.attempt().status()))
                .param("inputs", SqlArrays.text(rows, a -> a.attempt().input()))
                .param("outputs", SqlArrays.text(rows, a -> a.attempt().output()))
                .param("errors", SqlArrays.text(rows, a -> a.attempt().error()))
                .param("startedAt", SqlArrays.text(rows, a -> a.attempt().startedAt()))
                .param("finishedAt", SqlArrays.text(rows, a -> a.attempt().finishedAt()))
                .param("paths", SqlArrays.text(rows, a -> a.attempt().path()))
                .update();
        if (inserted != rows.size()) {
            throw new IllegalStateException("only " + inserted + " of " + rows.size() + " attempts recorded");
        }
    }

    /** A step of a run whose tried attempts are counted. */
    public record StepOfRun(WorkspaceId tenant, UUID runId, String stepId) {}

    private static final String TRIED = """
            SELECT k.n, (SELECT count(*)
                           FROM step_attempt s
                          WHERE s.tenant_id = k.tenant_id AND s.run_id = k.run_id AND s.step_id = k.step_id
                            AND s.status <> 'skipped') AS tried
              FROM unnest(CAST(:tenants AS uuid[]), CAST(:runIds AS uuid[]), CAST(:stepIds AS text[]))
                   WITH ORDINALITY AS k(tenant_id, run_id, step_id, n)
             ORDER BY k.n
            """;

    /**
     * How many attempts (not skips) each step has recorded in its run, in one statement for the batch: the number
     * the run's detail gives its latest attempt.
     */
    public List<Long> triedAttempts(List<StepOfRun> steps) {
        if (steps.isEmpty()) {
            return List.of();
        }
        return jdbc.sql(TRIED)
                .param("tenants", SqlArrays.text(steps, k -> k.tenant().value()))
                .param("runIds", SqlArrays.text(steps, StepOfRun::runId))
                .param("stepIds", SqlArrays.text(steps, StepOfRun::stepId))
                .query((rs, n) -> rs.getLong("tried"))
                .list();
    }

    private static final String CANCEL = """
            UPDATE run SET status = 'cancelled', finished_at = :now
             WHERE tenant_id = :tenantId AND id = :id AND status IN (%s)
            RETURNING holds_slot, workflow_id
            """.formatted(RunStatuses.sourcesOf(RunStatus.CANCELLED));

    /** queued/running/waiting → cancelled; empty when the run had already ended. */
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
            UPDATE run SET status = 'queued', error = NULL, output = NULL, finished_at = NULL, holds_slot = false,
                           deadline_at = now() + run_timeout
             WHERE tenant_id = :tenantId AND id = :id AND status IN (%s)
            RETURNING step_index, priority
            """.formatted(RunStatuses.in(EnumSet.of(RunStatus.FAILED)));

    /** failed → queued for a replay from the failed step; empty when the run is not failed. */
    public Optional<StepAndPriority> requeueFailed(WorkspaceId tenant, UUID id) {
        return jdbc.sql(REQUEUE_FAILED)
                .param("tenantId", tenant.value())
                .param("id", id)
                .query((rs, row) -> new StepAndPriority(rs.getInt("step_index"), rs.getLong("priority")))
                .optional();
    }

    private static final String REQUEUE_FAILED_ON = """
            UPDATE run SET status = 'queued', error = NULL, output = NULL, finished_at = NULL, holds_slot = false,
                           deadline_at = now() + run_timeout, version = :version, step_index = :stepIndex
             WHERE tenant_id = :tenantId AND id = :id AND status IN (%s) AND version = :fromVersion
            RETURNING step_index, priority
            """.formatted(RunStatuses.in(EnumSet.of(RunStatus.FAILED)));

    /**
     * failed → queued for a replay on another version, from {@code stepIndex} (the failed step's position in it);
     * empty when the run is not failed or no longer on {@code fromVersion} (a concurrent retry moved it).
     */
    public Optional<StepAndPriority> requeueFailedOn(
            WorkspaceId tenant, UUID id, int fromVersion, int version, int stepIndex) {
        return jdbc.sql(REQUEUE_FAILED_ON)
                .param("tenantId", tenant.value())
                .param("id", id)
                .param("fromVersion", fromVersion)
                .param("version", version)
                .param("stepIndex", stepIndex)
                .query((rs, row) -> new StepAndPriority(rs.getInt("step_index"), rs.getLong("priority")))
                .optional();
    }

    /** Where a replay starts. */
    public record StepAndPriority(int stepIndex, long priority) {}

    private static final String ATTEMPTS = """
            SELECT step_index, coalesce(path, step_id) AS path, step_id, step_type, status, input, output, error,
                   started_at, finished_at
              FROM step_attempt
             WHERE tenant_id = :tenantId AND run_id = :runId
             ORDER BY seq
            """;

    /**
     * The run's attempts in the order they were recorded, with those that loop items' rows stand for (see
     * {@link LoopItems.Item#stepId()}) placed, by item, just before their loop's own attempt.
     */
    public List<AttemptRow> attempts(WorkspaceId tenant, UUID runId) {
        List<AttemptRow> recorded = recordedAttempts(tenant, runId);
        List<AttemptRow> implied = impliedAttempts(tenant, runId);
        if (implied.isEmpty()) {
            return recorded;
        }
        Map<String, List<AttemptRow>> byLoop = new java.util.LinkedHashMap<>();
        for (AttemptRow attempt : implied) {
            String path = attempt.path();
            byLoop.computeIfAbsent(path.substring(0, path.lastIndexOf('[')), k -> new ArrayList<>())
                    .add(attempt);
        }
        List<AttemptRow> all = new ArrayList<>(recorded.size() + implied.size());
        for (AttemptRow attempt : recorded) {
            List<AttemptRow> items = byLoop.remove(attempt.path());
            if (items != null) {
                items.forEach(item -> all.add(item.atIndex(attempt.stepIndex())));
            }
            all.add(attempt);
        }
        // A loop still running has no attempt of its own yet: its items come last.
        byLoop.values().forEach(all::addAll);
        return all;
    }

    private List<AttemptRow> recordedAttempts(WorkspaceId tenant, UUID runId) {
        return jdbc.sql(ATTEMPTS)
                .param("tenantId", tenant.value())
                .param("runId", runId)
                .query((rs, row) -> new AttemptRow(
                        rs.getInt("step_index"),
                        rs.getString("path"),
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

    private static final String IMPLIED_ATTEMPTS = """
            SELECT loop_path, item_index, output, step_id, step_type, started_at, finished_at FROM loop_item
             WHERE tenant_id = :tenantId AND run_id = :runId AND step_id IS NOT NULL
             ORDER BY loop_path, item_index
            """;

    /**
     * The attempts that the run's items' rows stand for (no {@code step_attempt} row was written for them), by loop
     * path then item: each succeeded once, with input {@code {"output": <output>}}; {@code stepIndex} is left 0.
     */
    private List<AttemptRow> impliedAttempts(WorkspaceId tenant, UUID runId) {
        return jdbc.sql(IMPLIED_ATTEMPTS)
                .param("tenantId", tenant.value())
                .param("runId", runId)
                .query((rs, row) -> {
                    String output = rs.getString("output");
                    String stepId = rs.getString("step_id");
                    return new AttemptRow(
                            0,
                            rs.getString("loop_path") + "[" + rs.getInt("item_index") + "]." + stepId,
                            stepId,
                            rs.getString("step_type"),
                            "succeeded",
                            "{\"output\":" + (output == null ? "null" : output) + "}",
                            output,
                            null,
                            rs.getObject("started_at", OffsetDateTime.class).toInstant(),
                            rs.getObject("finished_at", OffsetDateTime.class).toInstant());
                })
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
               AND (CAST(:parentRunId AS uuid) IS NULL OR parent_run_id = CAST(:parentRunId AS uuid))
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
        return list(tenant, workflowId, status, from, to, null, before, limit);
    }

    /** Like the other {@code list}, also narrowed to the children of {@code parentRunId} (index run_by_parent). */
    public List<RunRow> list(
            WorkspaceId tenant,
            @Nullable UUID workflowId,
            @Nullable RunStatus status,
            @Nullable Instant from,
            @Nullable Instant to,
            @Nullable UUID parentRunId,
            @Nullable UUID before,
            int limit) {
        return jdbc.sql(LIST)
                .param("parentRunId", parentRunId, Types.OTHER)
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

    // The window holds only what the test needs, on the indexes the list uses (workflow or status, then id); the
    // matches are read in full afterwards. The edge row is always there, so the caller learns where the window ended
    // even when nothing in it matched.
    private static final String SEARCH = """
            WITH scanned AS MATERIALIZED (
                SELECT id, trigger_type, trigger, error
                  FROM run
                 WHERE tenant_id = :tenantId
                   AND (CAST(:workflowId AS uuid) IS NULL OR workflow_id = CAST(:workflowId AS uuid))
                   AND (CAST(:status AS text) IS NULL OR status = CAST(:status AS text))
                   AND (CAST(:before AS uuid) IS NULL OR id < CAST(:before AS uuid))
                   AND (CAST(:from AS timestamptz) IS NULL OR created_at >= CAST(:from AS timestamptz))
                   AND (CAST(:to AS timestamptz) IS NULL OR created_at < CAST(:to AS timestamptz))
                   AND (CAST(:parentRunId AS uuid) IS NULL OR parent_run_id = CAST(:parentRunId AS uuid))
                 ORDER BY id DESC
                 LIMIT :window),
            edge AS (SELECT count(*) AS scanned_count, (SELECT id FROM scanned ORDER BY id LIMIT 1) AS scanned_to FROM scanned),
            hits AS (
                SELECT id FROM scanned
                 WHERE (CAST(:trigger AS text) IS NULL OR trigger_type = CAST(:trigger AS text))
                   AND (CAST(:pattern AS text) IS NULL
                        OR error ILIKE CAST(:pattern AS text) OR trigger::text ILIKE CAST(:pattern AS text))
                 ORDER BY id DESC
                 LIMIT :limit)
            SELECT edge.scanned_count, edge.scanned_to, r.tenant_id, r.id, r.workflow_id, r.version, r.status,
                   r.trigger_type, r.trigger, r.step_index, r.outputs, r.output, r.error, r.priority, r.holds_slot,
                   r.created_at, r.finished_at
              FROM edge
              LEFT JOIN hits ON true
              LEFT JOIN run r ON r.tenant_id = :tenantId AND r.id = hits.id
             ORDER BY r.id DESC NULLS LAST
            """;

    /**
     * Runs matching {@code trigger} and {@code text} among the newest {@code window} runs (before {@code before}) that
     * match the indexed filters, newest first, at most {@code limit}.
     */
    public SearchWindow search(
            WorkspaceId tenant,
            @Nullable UUID workflowId,
            @Nullable RunStatus status,
            @Nullable Instant from,
            @Nullable Instant to,
            @Nullable String trigger,
            @Nullable String text,
            @Nullable UUID before,
            int window,
            int limit) {
        return search(tenant, workflowId, status, from, to, null, trigger, text, before, window, limit);
    }

    /** Like the other {@code search}, also narrowed to the children of {@code parentRunId}. */
    public SearchWindow search(
            WorkspaceId tenant,
            @Nullable UUID workflowId,
            @Nullable RunStatus status,
            @Nullable Instant from,
            @Nullable Instant to,
            @Nullable UUID parentRunId,
            @Nullable String trigger,
            @Nullable String text,
            @Nullable UUID before,
            int window,
            int limit) {
        List<RunRow> rows = new java.util.ArrayList<>();
        int[] scanned = {0};
        UUID[] scannedTo = {null};
        jdbc.sql(SEARCH)
                .param("parentRunId", parentRunId, Types.OTHER)
                .param("tenantId", tenant.value())
                .param("workflowId", workflowId, Types.OTHER)
                .param("status", status == null ? null : status.apiName(), Types.VARCHAR)
                .param("before", before, Types.OTHER)
                .param("from", time(from), Types.TIMESTAMP_WITH_TIMEZONE)
                .param("to", time(to), Types.TIMESTAMP_WITH_TIMEZONE)
                .param("trigger", trigger, Types.VARCHAR)
                .param("pattern", text == null ? null : "%" + likeEscaped(text) + "%", Types.VARCHAR)
                .param("window", window)
                .param("limit", limit)
                .query(rs -> {
                    scanned[0] = rs.getInt("scanned_count");
                    scannedTo[0] = rs.getObject("scanned_to", UUID.class);
                    if (rs.getObject("id") != null) {
                        rows.add(row(rs, rows.size()));
                    }
                });
        return new SearchWindow(rows, scanned[0], scannedTo[0]);
    }

    /** What a search found, how many runs its window held and the oldest of them (where the next window starts). */
    public record SearchWindow(
            List<RunRow> rows, int scanned, @Nullable UUID scannedTo) {}

    /** {@code text} as a literal inside a LIKE pattern (backslash is the default escape). */
    static String likeEscaped(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
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
                DELETE FROM step_attempt a USING old WHERE a.tenant_id = old.tenant_id AND a.run_id = old.id),
            items AS (
                DELETE FROM loop_item i USING old WHERE i.tenant_id = old.tenant_id AND i.run_id = old.id)
            DELETE FROM run r USING old WHERE r.tenant_id = old.tenant_id AND r.id = old.id
            """;

    /** Deletes up to {@code limit} ended runs created before {@code before}, with their attempts. */
    public int prune(Instant before, int limit) {
        return jdbc.sql(PRUNE)
                .param("before", time(before))
                .param("limit", limit)
                .update();
    }

    private static final String PURGE_WORKSPACE = """
            WITH doomed AS (
                SELECT tenant_id, id FROM run WHERE tenant_id = :tenantId LIMIT :limit),
            attempts AS (
                DELETE FROM step_attempt a USING doomed WHERE a.tenant_id = doomed.tenant_id AND a.run_id = doomed.id),
            items AS (
                DELETE FROM loop_item i USING doomed WHERE i.tenant_id = doomed.tenant_id AND i.run_id = doomed.id)
            DELETE FROM run r USING doomed WHERE r.tenant_id = doomed.tenant_id AND r.id = doomed.id
            """;

    /** Deletes up to {@code limit} runs of a deleted workspace, with their attempts; answers how many. */
    public int purgeWorkspace(WorkspaceId tenant, int limit) {
        return jdbc.sql(PURGE_WORKSPACE)
                .param("tenantId", tenant.value())
                .param("limit", limit)
                .update();
    }

    /** A run that passed its deadline and was failed for it. */
    public record TimedOut(WorkspaceId tenant, UUID id, UUID workflowId, boolean holdsSlot, String error) {}

    static final String TIMED_OUT_ERROR = "timed-out: the run did not end within the workflow's timeout";

    // The deadline is compared with the database's now(), like leases and due times; the partial index run_deadline
    // holds only unfinished runs with a deadline, and this WHERE repeats its predicate so that it is used.
    private static final String FAIL_PAST_DEADLINE = """
            WITH due AS (
                SELECT tenant_id, id FROM run
                 WHERE deadline_at IS NOT NULL AND status IN (%1$s) AND deadline_at <= now()
                 ORDER BY deadline_at
                 LIMIT :limit
                   FOR UPDATE SKIP LOCKED)
            UPDATE run SET status = 'failed', error = :error, finished_at = :now
              FROM due
             WHERE run.tenant_id = due.tenant_id AND run.id = due.id AND run.status IN (%1$s)
            RETURNING run.tenant_id, run.id, run.workflow_id, run.holds_slot
            """.formatted(RunStatuses.sourcesOf(RunStatus.FAILED));

    /** Fails up to {@code limit} unfinished runs whose deadline has passed (by the database's clock). */
    public List<TimedOut> failPastDeadline(Instant now, int limit) {
        return jdbc.sql(FAIL_PAST_DEADLINE)
                .param("limit", limit)
                .param("error", TIMED_OUT_ERROR)
                .param("now", time(now))
                .query((rs, row) -> new TimedOut(
                        new WorkspaceId(rs.getObject("tenant_id", UUID.class)),
                        rs.getObject("id", UUID.class),
                        rs.getObject("workflow_id", UUID.class),
                        rs.getBoolean("holds_slot"),
                        TIMED_OUT_ERROR))
                .list();
    }

    /** Runs waiting now, across workspaces (for the {@code levqor_runs_waiting} gauge; a partial index). */
    public long countWaiting() {
        return jdbc.sql("SELECT count(*) FROM run WHERE status = 'waiting'")
                .query(Long.class)
                .single();
    }

    // ---- sub-workflows: a child run's link to its parent (V83) ---------------------------------------------

    private static final String PARENTS = """
            SELECT id, parent_run_id FROM run
             WHERE tenant_id = :tenantId AND id = ANY(CAST(:ids AS uuid[])) AND parent_run_id IS NOT NULL
            """;

    /** The parents of those of {@code ids} that are child runs, by child id (one primary-key lookup per id). */
    public Map<UUID, UUID> parents(WorkspaceId tenant, List<UUID> ids) {
        Map<UUID, UUID> parents = new HashMap<>();
        if (ids.isEmpty()) {
            return parents;
        }
        jdbc.sql(PARENTS)
                .param("tenantId", tenant.value())
                .param("ids", SqlArrays.text(ids, id -> id))
                .query(rs -> {
                    parents.put(rs.getObject("id", UUID.class), rs.getObject("parent_run_id", UUID.class));
                });
        return parents;
    }

    // Up the parent links from the run itself; bounded, so a corrupt loop in the links cannot spin.
    private static final String ANCESTRY = """
            WITH RECURSIVE chain(id, workflow_id, parent_run_id, depth) AS (
                SELECT id, workflow_id, parent_run_id, 0 FROM run WHERE tenant_id = :tenantId AND id = :id
                UNION ALL
                SELECT r.id, r.workflow_id, r.parent_run_id, chain.depth + 1
                  FROM chain JOIN run r ON r.tenant_id = :tenantId AND r.id = chain.parent_run_id
                 WHERE chain.depth < :limit)
            SELECT workflow_id FROM chain ORDER BY depth
            """;

    /**
     * The workflows of the run and of its ancestors, the run's own first, then its parent's, and so on up to
     * {@code limit} links: how deep a child of it would sit, and whether it would close a cycle.
     */
    public List<UUID> ancestry(WorkspaceId tenant, UUID runId, int limit) {
        return jdbc.sql(ANCESTRY)
                .param("tenantId", tenant.value())
                .param("id", runId)
                .param("limit", limit)
                .query(UUID.class)
                .list();
    }

    private static final String WAKE_PARENT = """
            UPDATE run SET status = 'queued', waiting_signal = NULL, waiting_step = NULL
             WHERE tenant_id = :tenantId AND id = :id AND status = 'waiting' AND waiting_signal = :awaiting
            """;

    /**
     * waiting → queued for a parent parked on {@code awaiting} (its child's end), leaving its outputs as they are
     * (the parked step reads the child itself); false when it waits for nothing of the kind.
     */
    public boolean wakeParent(WorkspaceId tenant, UUID parentId, String awaiting) {
        return jdbc.sql(WAKE_PARENT)
                        .param("tenantId", tenant.value())
                        .param("id", parentId)
                        .param("awaiting", awaiting)
                        .update()
                == 1;
    }

    static RunRow row(ResultSet rs, int row) throws SQLException {
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
