package io.levqor.identity.jdbc;

import io.levqor.shared.WorkspaceId;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Idempotency keys of identity's creating requests, with the answer to repeat. */
@Repository
public class IdempotencyRepository {

    /** A key already used: the first request's fingerprint and its answer (JSON). */
    public record Used(String requestHash, @Nullable String response) {}

    private final JdbcClient jdbc;

    IdempotencyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Used> find(WorkspaceId tenant, String caller, String operation, String key) {
        return jdbc.sql("""
                        SELECT request_hash, response FROM identity_idempotency_key
                         WHERE tenant_id = :tenantId AND caller = :caller AND operation = :operation AND key = :key
                        """)
                .param("tenantId", tenant.value())
                .param("caller", caller)
                .param("operation", operation)
                .param("key", key)
                .query((rs, n) -> new Used(rs.getString("request_hash"), rs.getString("response")))
                .optional();
    }

    // A concurrent request with the same key waits here on the primary key until the first one commits (then it
    // finds its answer) or rolls back (then it claims the key itself).
    private static final String CLAIM = """
            INSERT INTO identity_idempotency_key (tenant_id, caller, operation, key, request_hash, created_at)
            VALUES (:tenantId, :caller, :operation, :key, :hash, :now)
            ON CONFLICT (tenant_id, caller, operation, key) DO NOTHING
            """;

    /** False when another request holds the key. */
    public boolean claim(WorkspaceId tenant, String caller, String operation, String key, String hash, Instant now) {
        return jdbc.sql(CLAIM)
                        .param("tenantId", tenant.value())
                        .param("caller", caller)
                        .param("operation", operation)
                        .param("key", key)
                        .param("hash", hash)
                        .param("now", Sql.utc(now))
                        .update()
                == 1;
    }

    public void answer(WorkspaceId tenant, String caller, String operation, String key, String response) {
        int updated = jdbc.sql("""
                        UPDATE identity_idempotency_key SET response = :response
                         WHERE tenant_id = :tenantId AND caller = :caller AND operation = :operation AND key = :key
                        """)
                .param("tenantId", tenant.value())
                .param("caller", caller)
                .param("operation", operation)
                .param("key", key)
                .param("response", response)
                .update();
        if (updated != 1) {
            throw new IllegalStateException("Idempotency key " + key + " was not claimed");
        }
    }

    /** Forgets a deleted workspace's keys. */
    public int deleteAll(WorkspaceId tenant) {
        return jdbc.sql("DELETE FROM identity_idempotency_key WHERE tenant_id = :tenantId")
                .param("tenantId", tenant.value())
                .update();
    }
}
