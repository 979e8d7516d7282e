package io.levqor.workflow.jdbc;

import io.levqor.shared.WorkspaceId;
import io.levqor.workflow.WorkflowId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The SQL of workflows' sample data and test-webhook captures ({@code workflow_sample}). */
@Repository
public class SampleRepository {

    private final JdbcClient jdbc;

    SampleRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A workflow's sample row; JSON columns as text. */
    public record SampleRow(
            String trigger,
            String steps,
            Instant updatedAt,
            @Nullable Instant listenUntil,
            @Nullable Instant capturedAt) {}

    private static final String FIND = """
            SELECT trigger::text AS trigger, steps::text AS steps, updated_at, listen_until, captured_at
              FROM workflow_sample
             WHERE tenant_id = :tenantId
               AND workflow_id = :workflowId
            """;

    public Optional<SampleRow> find(WorkspaceId tenant, WorkflowId workflow) {
        return jdbc.sql(FIND)
                .param("tenantId", tenant.value())
                .param("workflowId", workflow.value())
                .query(SampleRepository::row)
                .optional();
    }

    private static final String SAVE = """
            INSERT INTO workflow_sample (tenant_id, workflow_id, trigger, steps, updated_at)
            VALUES (:tenantId, :workflowId, CAST(:trigger AS jsonb), CAST(:steps AS jsonb), :now)
            ON CONFLICT (tenant_id, workflow_id)
            DO UPDATE SET trigger = EXCLUDED.trigger, steps = EXCLUDED.steps, updated_at = EXCLUDED.updated_at
            """;

    public void save(WorkspaceId tenant, WorkflowId workflow, String trigger, String steps, Instant now) {
        jdbc.sql(SAVE)
                .param("tenantId", tenant.value())
                .param("workflowId", workflow.value())
                .param("trigger", trigger)
                .param("steps", steps)
                .param("now", utc(now))
                .update();
    }

    // Arming again restarts the capture: an earlier capture's trigger stays the sample until the next one.
    private static final String LISTEN = """
            INSERT INTO workflow_sample (tenant_id, workflow_id, updated_at, listen_until)
            VALUES (:tenantId, :workflowId, :now, :until)
            ON CONFLICT (tenant_id, workflow_id)
            DO UPDATE SET listen_until = EXCLUDED.listen_until, captured_at = NULL
            """;

    public void listen(WorkspaceId tenant, WorkflowId workflow, Instant now, Instant until) {
        jdbc.sql(LISTEN)
                .param("tenantId", tenant.value())
                .param("workflowId", workflow.value())
                .param("now", utc(now))
                .param("until", utc(until))
                .update();
    }

    // Conditional: of two calls racing to one armed capture, exactly one takes it.
    private static final String CAPTURE = """
            UPDATE workflow_sample
               SET trigger = CAST(:trigger AS jsonb), captured_at = :now, updated_at = :now
             WHERE tenant_id = :tenantId
               AND workflow_id = :workflowId
               AND captured_at IS NULL
               AND listen_until > :now
            """;

    /** Takes the armed capture with this trigger; false when none is armed (taken, expired, never armed). */
    public boolean capture(WorkspaceId tenant, WorkflowId workflow, String trigger, Instant now) {
        return jdbc.sql(CAPTURE)
                        .param("tenantId", tenant.value())
                        .param("workflowId", workflow.value())
                        .param("trigger", trigger)
                        .param("now", utc(now))
                        .update()
                == 1;
    }

    private static final String DELETE = """
            DELETE FROM workflow_sample
             WHERE tenant_id = :tenantId
               AND workflow_id = :workflowId
            """;

    public void delete(WorkspaceId tenant, WorkflowId workflow) {
        jdbc.sql(DELETE)
                .param("tenantId", tenant.value())
                .param("workflowId", workflow.value())
                .update();
    }

    private static SampleRow row(ResultSet rs, int rowNum) throws SQLException {
        return new SampleRow(
                rs.getString("trigger"),
                rs.getString("steps"),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant(),
                instantOrNull(rs, "listen_until"),
                instantOrNull(rs, "captured_at"));
    }

    private static @Nullable Instant instantOrNull(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
