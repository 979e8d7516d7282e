package io.levqor.billing.jdbc;

import io.levqor.shared.WorkspaceId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Repository;

/** {@code billing_llm_usage}: one row per metered llm step attempt, keyed so that an attempt is metered once. */
@Repository
public class LlmUsageRepository {

    /** One row as stored (and as it is written). */
    public record UsageRow(
            WorkspaceId tenant,
            UUID runId,
            String stepPath,
            int attempt,
            String model,
            long promptTokens,
            long completionTokens,
            long credits,
            long costMicros,
            Instant recordedAt) {

        /** The attempt's key: what makes it unique. */
        public Key key() {
            return new Key(tenant, runId, stepPath, attempt);
        }
    }

    /** The table's primary key. */
    public record Key(WorkspaceId tenant, UUID runId, String stepPath, int attempt) {}

    private final JdbcClient jdbc;

    public LlmUsageRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    // One statement for the whole batch (the engine writes finishes set-based); RETURNING names the rows that were
    // new, so only those are charged: an attempt delivered again meets its own row and is skipped.
    private static final String INSERT_ALL = """
            INSERT INTO billing_llm_usage (tenant_id, run_id, step_path, attempt, model, prompt_tokens,
                                           completion_tokens, credits, cost_micros, recorded_at)
            SELECT u.tenant_id, u.run_id, u.step_path, u.attempt, u.model, u.prompt_tokens, u.completion_tokens,
                   u.credits, u.cost_micros, :at
              FROM unnest(CAST(:tenants AS uuid[]), CAST(:runIds AS uuid[]), CAST(:paths AS text[]),
                          CAST(:attempts AS int[]), CAST(:models AS text[]), CAST(:prompts AS bigint[]),
                          CAST(:completions AS bigint[]), CAST(:credits AS bigint[]), CAST(:costs AS bigint[]))
                   AS u(tenant_id, run_id, step_path, attempt, model, prompt_tokens, completion_tokens, credits,
                        cost_micros)
            ON CONFLICT (tenant_id, run_id, step_path, attempt) DO NOTHING
            RETURNING tenant_id, run_id, step_path, attempt
            """;

    /** Inserts the rows not stored yet; answers the keys of those inserted. */
    public Set<Key> insertNew(List<UsageRow> rows, Instant at) {
        if (rows.isEmpty()) {
            return Set.of();
        }
        List<Key> inserted = jdbc.sql(INSERT_ALL)
                .param("tenants", array("text", rows, r -> r.tenant().value().toString()))
                .param("runIds", array("text", rows, r -> r.runId().toString()))
                .param("paths", array("text", rows, UsageRow::stepPath))
                .param("attempts", array("int4", rows, UsageRow::attempt))
                .param("models", array("text", rows, UsageRow::model))
                .param("prompts", array("int8", rows, UsageRow::promptTokens))
                .param("completions", array("int8", rows, UsageRow::completionTokens))
                .param("credits", array("int8", rows, UsageRow::credits))
                .param("costs", array("int8", rows, UsageRow::costMicros))
                .param("at", at.atOffset(ZoneOffset.UTC))
                .query((rs, n) -> new Key(
                        new WorkspaceId(rs.getObject("tenant_id", UUID.class)),
                        rs.getObject("run_id", UUID.class),
                        rs.getString("step_path"),
                        rs.getInt("attempt")))
                .list();
        return new HashSet<>(inserted);
    }

    private static final String OF_RUN = """
            SELECT tenant_id, run_id, step_path, attempt, model, prompt_tokens, completion_tokens, credits,
                   cost_micros, recorded_at
              FROM billing_llm_usage
             WHERE tenant_id = :tenantId AND run_id = :runId
             ORDER BY recorded_at, step_path, attempt
            """;

    /** The run's metered attempts, oldest first. */
    public List<UsageRow> ofRun(WorkspaceId tenant, UUID runId) {
        return jdbc.sql(OF_RUN)
                .param("tenantId", tenant.value())
                .param("runId", runId)
                .query(LlmUsageRepository::row)
                .list();
    }

    /** One run's totals. */
    public record RunTotal(
            UUID runId,
            long attempts,
            long promptTokens,
            long completionTokens,
            long credits,
            long costMicros,
            Instant lastAt) {}

    private static final String RECENT_RUNS = """
            SELECT run_id, count(*) AS attempts, sum(prompt_tokens) AS prompt, sum(completion_tokens) AS completion,
                   sum(credits) AS credits, sum(cost_micros) AS cost, max(recorded_at) AS last_at
              FROM billing_llm_usage
             WHERE tenant_id = :tenantId AND recorded_at >= :since
             GROUP BY run_id
             ORDER BY max(recorded_at) DESC
             LIMIT :limit
            """;

    /** The runs with LLM usage since {@code since}, the latest first. */
    public List<RunTotal> recentRuns(WorkspaceId tenant, Instant since, int limit) {
        return jdbc.sql(RECENT_RUNS)
                .param("tenantId", tenant.value())
                .param("since", since.atOffset(ZoneOffset.UTC))
                .param("limit", limit)
                .query((rs, n) -> new RunTotal(
                        rs.getObject("run_id", UUID.class),
                        rs.getLong("attempts"),
                        rs.getLong("prompt"),
                        rs.getLong("completion"),
                        rs.getLong("credits"),
                        rs.getLong("cost"),
                        rs.getObject("last_at", OffsetDateTime.class).toInstant()))
                .list();
    }

    /** Totals of one local day. */
    public record DayTotal(
            java.time.LocalDate day, long promptTokens, long completionTokens, long credits, long costMicros) {}

    private static final String PER_DAY = """
            SELECT (recorded_at AT TIME ZONE :zone)::date AS day, sum(prompt_tokens) AS prompt,
                   sum(completion_tokens) AS completion, sum(credits) AS credits, sum(cost_micros) AS cost
              FROM billing_llm_usage
             WHERE tenant_id = :tenantId AND recorded_at >= :since
             GROUP BY 1
             ORDER BY 1
            """;

    /** Totals per day in {@code zone} since {@code since}; only days with usage appear. */
    public List<DayTotal> perDay(WorkspaceId tenant, Instant since, String zone) {
        return jdbc.sql(PER_DAY)
                .param("tenantId", tenant.value())
                .param("since", since.atOffset(ZoneOffset.UTC))
                .param("zone", zone)
                .query((rs, n) -> new DayTotal(
                        rs.getObject("day", java.time.LocalDate.class),
                        rs.getLong("prompt"),
                        rs.getLong("completion"),
                        rs.getLong("credits"),
                        rs.getLong("cost")))
                .list();
    }

    private static final String COST_BETWEEN = """
            SELECT coalesce(sum(cost_micros), 0)
              FROM billing_llm_usage
             WHERE tenant_id = :tenantId AND recorded_at >= :from AND recorded_at < :to
            """;

    /** The workspace's LLM cost in [from, to), in millionths of the price table's currency. */
    public long costBetween(WorkspaceId tenant, Instant from, Instant to) {
        return jdbc.sql(COST_BETWEEN)
                .param("tenantId", tenant.value())
                .param("from", from.atOffset(ZoneOffset.UTC))
                .param("to", to.atOffset(ZoneOffset.UTC))
                .query(Long.class)
                .single();
    }

    private static UsageRow row(ResultSet rs, int n) throws SQLException {
        return new UsageRow(
                new WorkspaceId(rs.getObject("tenant_id", UUID.class)),
                rs.getObject("run_id", UUID.class),
                rs.getString("step_path"),
                rs.getInt("attempt"),
                rs.getString("model"),
                rs.getLong("prompt_tokens"),
                rs.getLong("completion_tokens"),
                rs.getLong("credits"),
                rs.getLong("cost_micros"),
                rs.getObject("recorded_at", OffsetDateTime.class).toInstant());
    }

    // Element types every driver encodes; UUIDs travel as text and are cast in SQL.
    private static SqlArrayValue array(
            String type, List<UsageRow> rows, java.util.function.Function<UsageRow, Object> column) {
        return new SqlArrayValue(type, rows.stream().map(column).toArray());
    }

    /** Rows in key order, for callers that lock per workspace in a fixed order. */
    public static List<UsageRow> sortedByTenant(List<UsageRow> rows) {
        List<UsageRow> sorted = new ArrayList<>(rows);
        sorted.sort(java.util.Comparator.comparing((UsageRow r) -> r.tenant().value()));
        return sorted;
    }
}
