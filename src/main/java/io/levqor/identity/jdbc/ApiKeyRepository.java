package io.levqor.identity.jdbc;

import io.levqor.identity.ApiKeyInfo;
import io.levqor.shared.Role;
import io.levqor.shared.UserId;
import io.levqor.shared.WorkspaceId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** API keys, stored as SHA-256 hashes of the secret. */
@Repository
public class ApiKeyRepository {

    /** What a presented key resolves to. */
    public record KeyAccess(
            WorkspaceId workspace,
            UUID id,
            Role role,
            @Nullable Instant lastUsedAt) {}

    private final JdbcClient jdbc;

    ApiKeyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(
            WorkspaceId tenant,
            UUID id,
            String name,
            Role role,
            byte[] hash,
            String prefix,
            @Nullable UserId createdBy,
            Instant now) {
        jdbc.sql("""
                        INSERT INTO api_key (tenant_id, id, name, role, key_hash, key_prefix, created_by, created_at)
                        VALUES (:tenantId, :id, :name, :role, :hash, :prefix, :createdBy, :now)
                        """)
                .param("tenantId", tenant.value())
                .param("id", id)
                .param("name", name)
                .param("role", role.apiName())
                .param("hash", hash)
                .param("prefix", prefix)
                .param("createdBy", createdBy == null ? null : createdBy.value())
                .param("now", Sql.utc(now))
                .update();
    }

    public List<ApiKeyInfo> list(WorkspaceId tenant) {
        return jdbc.sql("""
                        SELECT id, name, role, key_prefix, created_at, last_used_at, revoked_at
                          FROM api_key WHERE tenant_id = :tenantId AND revoked_at IS NULL
                         ORDER BY created_at, id
                        """)
                .param("tenantId", tenant.value())
                .query((rs, n) -> new ApiKeyInfo(
                        rs.getObject("id", UUID.class),
                        rs.getString("name"),
                        Role.fromApiName(rs.getString("role")),
                        rs.getString("key_prefix"),
                        Sql.instant(rs, "created_at"),
                        Sql.instant(rs, "last_used_at"),
                        Sql.instant(rs, "revoked_at")))
                .list();
    }

    public int revoke(WorkspaceId tenant, UUID id, Instant now) {
        return jdbc.sql("""
                        UPDATE api_key SET revoked_at = :now
                         WHERE tenant_id = :tenantId AND id = :id AND revoked_at IS NULL
                        """)
                .param("tenantId", tenant.value())
                .param("id", id)
                .param("now", Sql.utc(now))
                .update();
    }

    /** Deletes every key of the workspace (it is being deleted); answers how many. */
    public int deleteAll(WorkspaceId tenant) {
        return jdbc.sql("DELETE FROM api_key WHERE tenant_id = :tenantId")
                .param("tenantId", tenant.value())
                .update();
    }

    // Looked up by hash alone: the secret is what names the workspace.
    public Optional<KeyAccess> findActive(byte[] hash) {
        return jdbc.sql("""
                        SELECT tenant_id, id, role, last_used_at FROM api_key
                         WHERE key_hash = :hash AND revoked_at IS NULL
                        """)
                .param("hash", hash)
                .query((rs, n) -> new KeyAccess(
                        new WorkspaceId(rs.getObject("tenant_id", UUID.class)),
                        rs.getObject("id", UUID.class),
                        Role.fromApiName(rs.getString("role")),
                        Sql.instant(rs, "last_used_at")))
                .optional();
    }

    /** Records use, at most once per {@code granularity} window, so busy keys do not write on every request. */
    public void touch(WorkspaceId tenant, UUID id, Instant now, Instant notSince) {
        jdbc.sql("""
                        UPDATE api_key SET last_used_at = :now
                         WHERE tenant_id = :tenantId AND id = :id
                           AND (last_used_at IS NULL OR last_used_at < :notSince)
                        """)
                .param("tenantId", tenant.value())
                .param("id", id)
                .param("now", Sql.utc(now))
                .param("notSince", Sql.utc(notSince))
                .update();
    }
}
