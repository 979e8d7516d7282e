package io.levqor.privacy.jdbc;

import io.levqor.shared.WorkspaceId;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The wrapped per-workspace data keys. */
@Repository
public class DataKeyRepository {

    /** One stored data key, still wrapped. */
    public record WrappedKey(WorkspaceId tenant, UUID id, byte[] wrappedKey, String masterKeyId, boolean active) {}

    private final JdbcClient jdbc;

    public DataKeyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private static final String FIND_ACTIVE = """
            SELECT tenant_id, id, wrapped_key, master_key_id, active
              FROM privacy_data_key
             WHERE tenant_id = :tenantId
               AND active
            """;

    public Optional<WrappedKey> findActive(WorkspaceId tenant) {
        return jdbc.sql(FIND_ACTIVE)
                .param("tenantId", tenant.value())
                .query(DataKeyRepository::map)
                .optional();
    }

    private static final String FIND = """
            SELECT tenant_id, id, wrapped_key, master_key_id, active
              FROM privacy_data_key
             WHERE tenant_id = :tenantId
               AND id = :id
            """;

    public Optional<WrappedKey> find(WorkspaceId tenant, UUID id) {
        return jdbc.sql(FIND)
                .param("tenantId", tenant.value())
                .param("id", id)
                .query(DataKeyRepository::map)
                .optional();
    }

    // Nodes may race to create a workspace's first key; the partial unique index lets exactly one insert win.
    private static final String INSERT_ACTIVE_IF_NONE = """
            INSERT INTO privacy_data_key (tenant_id, id, wrapped_key, master_key_id, active, created_at)
            VALUES (:tenantId, :id, :wrappedKey, :masterKeyId, true, :now)
            ON CONFLICT (tenant_id) WHERE active DO NOTHING
            """;

    /** True when this key became the workspace's active key; false when another one already is. */
    public boolean insertActiveIfNone(WorkspaceId tenant, UUID id, byte[] wrappedKey, String masterKeyId, Instant now) {
        return jdbc.sql(INSERT_ACTIVE_IF_NONE)
                        .param("tenantId", tenant.value())
                        .param("id", id)
                        .param("wrappedKey", wrappedKey)
                        .param("masterKeyId", masterKeyId)
                        .param("now", now.atOffset(ZoneOffset.UTC))
                        .update()
                == 1;
    }

    private static final String DEACTIVATE = """
            UPDATE privacy_data_key
               SET active = false
             WHERE tenant_id = :tenantId
               AND active
            """;

    /** Retires the active key (it keeps decrypting); the caller inserts the next one in the same transaction. */
    public int deactivate(WorkspaceId tenant) {
        return jdbc.sql(DEACTIVATE).param("tenantId", tenant.value()).update();
    }

    // Platform-wide on purpose: a master-key rotation concerns every workspace's keys. Rows are then updated
    // one by one, each by tenant and id.
    private static final String WRAPPED_BY_OTHER_MASTER = """
            SELECT tenant_id, id, wrapped_key, master_key_id, active
              FROM privacy_data_key
             WHERE master_key_id <> :currentMasterKeyId
               AND (tenant_id, id) > (:afterTenantId, :afterId)
             ORDER BY tenant_id, id
             LIMIT :limit
            """;

    /** A page of keys wrapped by another master key, after the given (tenant, id) in key order. */
    public List<WrappedKey> wrappedByOtherMasterKey(
            String currentMasterKeyId, UUID afterTenant, UUID afterId, int limit) {
        return jdbc.sql(WRAPPED_BY_OTHER_MASTER)
                .param("currentMasterKeyId", currentMasterKeyId)
                .param("afterTenantId", afterTenant)
                .param("afterId", afterId)
                .param("limit", limit)
                .query(DataKeyRepository::map)
                .list();
    }

    // The old wrapping is part of the condition so that two nodes re-wrapping at once cannot lose an update.
    private static final String REWRAP = """
            UPDATE privacy_data_key
               SET wrapped_key = :wrappedKey, master_key_id = :masterKeyId, rewrapped_at = :now
             WHERE tenant_id = :tenantId
               AND id = :id
               AND master_key_id = :previousMasterKeyId
            """;

    public boolean rewrap(
            WorkspaceId tenant,
            UUID id,
            String previousMasterKeyId,
            byte[] wrappedKey,
            String masterKeyId,
            Instant now) {
        return jdbc.sql(REWRAP)
                        .param("tenantId", tenant.value())
                        .param("id", id)
                        .param("previousMasterKeyId", previousMasterKeyId)
                        .param("wrappedKey", wrappedKey)
                        .param("masterKeyId", masterKeyId)
                        .param("now", now.atOffset(ZoneOffset.UTC))
                        .update()
                == 1;
    }

    private static final String COUNT_BY_MASTER = """
            SELECT count(*) FROM privacy_data_key WHERE master_key_id <> :currentMasterKeyId
            """;

    public long countWrappedByOtherMasterKey(String currentMasterKeyId) {
        return jdbc.sql(COUNT_BY_MASTER)
                .param("currentMasterKeyId", currentMasterKeyId)
                .query(Long.class)
                .single();
    }

    private static WrappedKey map(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new WrappedKey(
                new WorkspaceId(rs.getObject("tenant_id", UUID.class)),
                rs.getObject("id", UUID.class),
                rs.getBytes("wrapped_key"),
                rs.getString("master_key_id"),
                rs.getBoolean("active"));
    }
}
