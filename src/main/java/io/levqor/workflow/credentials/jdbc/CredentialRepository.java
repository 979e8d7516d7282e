package io.levqor.workflow.credentials.jdbc;

import io.levqor.shared.WorkspaceId;
import io.levqor.workflow.CredentialId;
import io.levqor.workflow.CredentialView;
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

/** The vault's rows: names and types in clear, the data only as ciphertext. */
@Repository
public class CredentialRepository {

    /** A stored credential with its ciphertext. */
    public record Sealed(CredentialView view, byte[] ciphertext) {}

    private final JdbcClient jdbc;

    public CredentialRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private static final String INSERT = """
            INSERT INTO credential (tenant_id, id, name, type, ciphertext, key_id, idempotency_key, created_at, updated_at)
            VALUES (:tenantId, :id, :name, :type, :ciphertext, :keyId, :idempotencyKey, :now, :now)
            """;

    /** Throws {@link org.springframework.dao.DuplicateKeyException} when the name or the idempotency key is taken. */
    public void insert(
            WorkspaceId tenant, CredentialView view, byte[] ciphertext, UUID keyId, @Nullable String idempotencyKey) {
        jdbc.sql(INSERT)
                .param("idempotencyKey", idempotencyKey)
                .param("tenantId", tenant.value())
                .param("id", view.id().value())
                .param("name", view.name())
                .param("type", view.type())
                .param("ciphertext", ciphertext)
                .param("keyId", keyId)
                .param("now", view.createdAt().atOffset(ZoneOffset.UTC))
                .update();
    }

    private static final String LIST = """
            SELECT id, name, type, created_at, updated_at
              FROM credential
             WHERE tenant_id = :tenantId
             ORDER BY lower(name)
            """;

    public List<CredentialView> list(WorkspaceId tenant) {
        return jdbc.sql(LIST)
                .param("tenantId", tenant.value())
                .query(CredentialRepository::view)
                .list();
    }

    private static final String FIND = """
            SELECT id, name, type, ciphertext, created_at, updated_at
              FROM credential
             WHERE tenant_id = :tenantId
               AND id = :id
            """;

    public Optional<Sealed> find(WorkspaceId tenant, CredentialId id) {
        return jdbc.sql(FIND)
                .param("tenantId", tenant.value())
                .param("id", id.value())
                .query((rs, row) -> new Sealed(view(rs, row), rs.getBytes("ciphertext")))
                .optional();
    }

    private static final String FIND_BY_NAME = """
            SELECT id, name, type, ciphertext, created_at, updated_at
              FROM credential
             WHERE tenant_id = :tenantId
               AND lower(name) = lower(:name)
            """;

    public Optional<Sealed> findByName(WorkspaceId tenant, String name) {
        return jdbc.sql(FIND_BY_NAME)
                .param("tenantId", tenant.value())
                .param("name", name)
                .query((rs, row) -> new Sealed(view(rs, row), rs.getBytes("ciphertext")))
                .optional();
    }

    private static final String FIND_BY_IDEMPOTENCY_KEY = """
            SELECT id, name, type, created_at, updated_at
              FROM credential
             WHERE tenant_id = :tenantId
               AND idempotency_key = :idempotencyKey
            """;

    public Optional<CredentialView> findByIdempotencyKey(WorkspaceId tenant, String idempotencyKey) {
        return jdbc.sql(FIND_BY_IDEMPOTENCY_KEY)
                .param("tenantId", tenant.value())
                .param("idempotencyKey", idempotencyKey)
                .query(CredentialRepository::view)
                .optional();
    }

    private static final String REPLACE = """
            UPDATE credential
               SET name = :name, ciphertext = :ciphertext, key_id = :keyId, updated_at = :now
             WHERE tenant_id = :tenantId
               AND id = :id
            """;

    /** False when there is no such credential (any more). */
    public boolean replace(
            WorkspaceId tenant, CredentialId id, String name, byte[] ciphertext, UUID keyId, Instant now) {
        return jdbc.sql(REPLACE)
                        .param("tenantId", tenant.value())
                        .param("id", id.value())
                        .param("name", name)
                        .param("ciphertext", ciphertext)
                        .param("keyId", keyId)
                        .param("now", now.atOffset(ZoneOffset.UTC))
                        .update()
                == 1;
    }

    private static final String DELETE = """
            DELETE FROM credential
             WHERE tenant_id = :tenantId
               AND id = :id
            """;

    public boolean delete(WorkspaceId tenant, CredentialId id) {
        return jdbc.sql(DELETE)
                        .param("tenantId", tenant.value())
                        .param("id", id.value())
                        .update()
                == 1;
    }

    private static CredentialView view(ResultSet rs, int row) throws SQLException {
        return new CredentialView(
                new CredentialId(rs.getObject("id", UUID.class)),
                rs.getString("name"),
                rs.getString("type"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant());
    }
}
