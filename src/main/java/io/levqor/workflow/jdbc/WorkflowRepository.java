package io.levqor.workflow.jdbc;

import io.levqor.shared.UserId;
import io.levqor.shared.WorkspaceId;
import io.levqor.workflow.WorkflowId;
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

/** The SQL of workflows and their immutable versions. */
@Repository
public class WorkflowRepository {

    private static final String COLUMNS = """
            tenant_id, id, name, version, active, trigger_type, webhook_token, created_at, updated_at, deleted_at
            """;

    private final JdbcClient jdbc;

    WorkflowRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A workflow's head row. */
    public record WorkflowRow(
            WorkspaceId tenant,
            WorkflowId id,
            String name,
            int version,
            boolean active,
            String triggerType,
            @Nullable String webhookToken,
            Instant createdAt,
            Instant updatedAt,
            @Nullable Instant deletedAt) {}

    /** One stored version; {@code definition} is its JSON text. */
    public record VersionRow(
            WorkspaceId tenant,
            WorkflowId workflow,
            int version,
            String name,
            String definition,
            Instant createdAt,
            @Nullable UserId createdBy) {}

    private static final String INSERT_WORKFLOW = """
            INSERT INTO workflow (tenant_id, id, name, version, active, trigger_type, webhook_token,
                                  created_at, updated_at)
            VALUES (:tenantId, :id, :name, :version, :active, :triggerType, :token, :now, :now)
            """;

    public void insert(WorkflowRow row) {
        jdbc.sql(INSERT_WORKFLOW)
                .param("tenantId", row.tenant().value())
                .param("id", row.id().value())
                .param("name", row.name())
                .param("version", row.version())
                .param("active", row.active())
                .param("triggerType", row.triggerType())
                .param("token", row.webhookToken())
                .param("now", utc(row.createdAt()))
                .update();
    }

    private static final String INSERT_VERSION = """
            INSERT INTO workflow_version (tenant_id, workflow_id, version, name, definition, created_at, created_by)
            VALUES (:tenantId, :workflowId, :version, :name, CAST(:definition AS jsonb), :now, :createdBy)
            """;

    public void insertVersion(VersionRow row) {
        jdbc.sql(INSERT_VERSION)
                .param("tenantId", row.tenant().value())
                .param("workflowId", row.workflow().value())
                .param("version", row.version())
                .param("name", row.name())
                .param("definition", row.definition())
                .param("now", utc(row.createdAt()))
                .param(
                        "createdBy",
                        row.createdBy() == null ? null : row.createdBy().value())
                .update();
    }

    private static final String FIND = "SELECT " + COLUMNS + """
              FROM workflow
             WHERE tenant_id = :tenantId
               AND id = :id
               AND deleted_at IS NULL
            """;

    public Optional<WorkflowRow> find(WorkspaceId tenant, WorkflowId id) {
        return jdbc.sql(FIND)
                .param("tenantId", tenant.value())
                .param("id", id.value())
                .query(WorkflowRepository::workflow)
                .optional();
    }

    // Saves of one workflow queue up behind this lock, so version numbers never collide.
    private static final String FIND_FOR_UPDATE = FIND + " FOR UPDATE";

    public Optional<WorkflowRow> lock(WorkspaceId tenant, WorkflowId id) {
        return jdbc.sql(FIND_FOR_UPDATE)
                .param("tenantId", tenant.value())
                .param("id", id.value())
                .query(WorkflowRepository::workflow)
                .optional();
    }

    private static final String SAVE_HEAD = """
            UPDATE workflow
               SET name = :name, version = :version, trigger_type = :triggerType, webhook_token = :token,
                   updated_at = :now
             WHERE tenant_id = :tenantId
               AND id = :id
               AND version = :expectedVersion
               AND deleted_at IS NULL
            """;

    /** Moves the head to a new version; false when someone else saved first. */
    public boolean saveHead(WorkflowRow row, int expectedVersion) {
        return jdbc.sql(SAVE_HEAD)
                        .param("tenantId", row.tenant().value())
                        .param("id", row.id().value())
                        .param("name", row.name())
                        .param("version", row.version())
                        .param("triggerType", row.triggerType())
                        .param("token", row.webhookToken())
                        .param("now", utc(row.updatedAt()))
                        .param("expectedVersion", expectedVersion)
                        .update()
                == 1;
    }

    private static final String SET_ACTIVE = """
            UPDATE workflow
               SET active = :active, updated_at = :now
             WHERE tenant_id = :tenantId
               AND id = :id
               AND deleted_at IS NULL
            """;

    public boolean setActive(WorkspaceId tenant, WorkflowId id, boolean active, Instant now) {
        return jdbc.sql(SET_ACTIVE)
                        .param("tenantId", tenant.value())
                        .param("id", id.value())
                        .param("active", active)
                        .param("now", utc(now))
                        .update()
                == 1;
    }

    private static final String SET_TOKEN = """
            UPDATE workflow
               SET webhook_token = :token, updated_at = :now
             WHERE tenant_id = :tenantId
               AND id = :id
               AND deleted_at IS NULL
            """;

    public boolean setWebhookToken(WorkspaceId tenant, WorkflowId id, @Nullable String token, Instant now) {
        return jdbc.sql(SET_TOKEN)
                        .param("tenantId", tenant.value())
                        .param("id", id.value())
                        .param("token", token)
                        .param("now", utc(now))
                        .update()
                == 1;
    }

    // The versions stay: runs that pinned them may still be in flight.
    private static final String DELETE = """
            UPDATE workflow
               SET deleted_at = :now, updated_at = :now, active = false, webhook_token = NULL
             WHERE tenant_id = :tenantId
               AND id = :id
               AND deleted_at IS NULL
            """;

    public boolean delete(WorkspaceId tenant, WorkflowId id, Instant now) {
        return jdbc.sql(DELETE)
                        .param("tenantId", tenant.value())
                        .param("id", id.value())
                        .param("now", utc(now))
                        .update()
                == 1;
    }

    private static final String FIND_VERSION = """
            SELECT tenant_id, workflow_id, version, name, definition::text AS definition, created_at, created_by
              FROM workflow_version
             WHERE tenant_id = :tenantId
               AND workflow_id = :workflowId
               AND version = :version
            """;

    /** A version, also of a deleted workflow (a pinned run may still need it). */
    public Optional<VersionRow> findVersion(WorkspaceId tenant, WorkflowId id, int version) {
        return jdbc.sql(FIND_VERSION)
                .param("tenantId", tenant.value())
                .param("workflowId", id.value())
                .param("version", version)
                .query(WorkflowRepository::version)
                .optional();
    }

    private static final String LIST_VERSIONS = """
            SELECT tenant_id, workflow_id, version, name, definition::text AS definition, created_at, created_by
              FROM workflow_version
             WHERE tenant_id = :tenantId
               AND workflow_id = :workflowId
             ORDER BY version DESC
            """;

    public List<VersionRow> versions(WorkspaceId tenant, WorkflowId id) {
        return jdbc.sql(LIST_VERSIONS)
                .param("tenantId", tenant.value())
                .param("workflowId", id.value())
                .query(WorkflowRepository::version)
                .list();
    }

    private static final String LIST = "SELECT " + COLUMNS + """
              FROM workflow
             WHERE tenant_id = :tenantId
               AND deleted_at IS NULL
               AND (CAST(:before AS uuid) IS NULL OR id < :before)
             ORDER BY id DESC
             LIMIT :limit
            """;

    /** Newest first (ids are time-ordered); {@code before} is the last id of the previous page. */
    public List<WorkflowRow> list(WorkspaceId tenant, @Nullable UUID before, int limit) {
        return jdbc.sql(LIST)
                .param("tenantId", tenant.value())
                .param("before", before)
                .param("limit", limit)
                .query(WorkflowRepository::workflow)
                .list();
    }

    // Deliberately across tenants: the token alone names the workflow (and so its workspace).
    private static final String FIND_BY_TOKEN = "SELECT " + COLUMNS + """
              FROM workflow
             WHERE webhook_token = :token
               AND deleted_at IS NULL
            """;

    public Optional<WorkflowRow> findByWebhookToken(String token) {
        return jdbc.sql(FIND_BY_TOKEN)
                .param("token", token)
                .query(WorkflowRepository::workflow)
                .optional();
    }

    /** A webhook token's workflow, with the end of its armed test-webhook capture (null when none is armed). */
    public record TokenRow(WorkflowRow workflow, @Nullable Instant testListenUntil) {}

    // The capture flag rides along with the token's row (a primary-key probe, on a target-cache miss only), so the
    // webhook path looks at the capture table itself only while a capture is armed.
    private static final String FIND_BY_TOKEN_WITH_CAPTURE = "SELECT " + COLUMNS + """
                 , (SELECT s.listen_until
                      FROM workflow_sample s
                     WHERE s.tenant_id = workflow.tenant_id
                       AND s.workflow_id = workflow.id
                       AND s.captured_at IS NULL) AS test_listen_until
              FROM workflow
             WHERE webhook_token = :token
               AND deleted_at IS NULL
            """;

    public Optional<TokenRow> findByWebhookTokenWithCapture(String token) {
        return jdbc.sql(FIND_BY_TOKEN_WITH_CAPTURE)
                .param("token", token)
                .query((rs, n) -> new TokenRow(workflow(rs, n), instantOrNull(rs, "test_listen_until")))
                .optional();
    }

    /** What an earlier create with this Idempotency-Key made. */
    public record CreateKey(String requestHash, WorkflowId workflow) {}

    private static final String FIND_CREATE_KEY = """
            SELECT request_hash, workflow_id
              FROM workflow_create_key
             WHERE tenant_id = :tenantId
               AND key = :key
            """;

    public Optional<CreateKey> findCreateKey(WorkspaceId tenant, String key) {
        return jdbc.sql(FIND_CREATE_KEY)
                .param("tenantId", tenant.value())
                .param("key", key)
                .query((rs, n) -> new CreateKey(
                        rs.getString("request_hash"), new WorkflowId(rs.getObject("workflow_id", UUID.class))))
                .optional();
    }

    private static final String INSERT_CREATE_KEY = """
            INSERT INTO workflow_create_key (tenant_id, key, request_hash, workflow_id, created_at)
            VALUES (:tenantId, :key, :hash, :workflowId, :now)
            ON CONFLICT (tenant_id, key) DO NOTHING
            """;

    /** False when another request took the key first. */
    public boolean claimCreateKey(WorkspaceId tenant, String key, String hash, WorkflowId workflow, Instant now) {
        return jdbc.sql(INSERT_CREATE_KEY)
                        .param("tenantId", tenant.value())
                        .param("key", key)
                        .param("hash", hash)
                        .param("workflowId", workflow.value())
                        .param("now", utc(now))
                        .update()
                == 1;
    }

    private static WorkflowRow workflow(ResultSet rs, int rowNum) throws SQLException {
        return new WorkflowRow(
                new WorkspaceId(rs.getObject("tenant_id", UUID.class)),
                new WorkflowId(rs.getObject("id", UUID.class)),
                rs.getString("name"),
                rs.getInt("version"),
                rs.getBoolean("active"),
                rs.getString("trigger_type"),
                rs.getString("webhook_token"),
                instant(rs, "created_at"),
                instant(rs, "updated_at"),
                instantOrNull(rs, "deleted_at"));
    }

    private static VersionRow version(ResultSet rs, int rowNum) throws SQLException {
        UUID createdBy = rs.getObject("created_by", UUID.class);
        return new VersionRow(
                new WorkspaceId(rs.getObject("tenant_id", UUID.class)),
                new WorkflowId(rs.getObject("workflow_id", UUID.class)),
                rs.getInt("version"),
                rs.getString("name"),
                rs.getString("definition"),
                instant(rs, "created_at"),
                createdBy == null ? null : new UserId(createdBy));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    private static @Nullable Instant instantOrNull(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
