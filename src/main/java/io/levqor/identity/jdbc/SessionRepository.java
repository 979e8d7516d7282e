package io.levqor.identity.jdbc;

import io.levqor.shared.Role;
import io.levqor.shared.UserId;
import io.levqor.shared.WorkspaceId;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Sessions (refresh-token families) and their refresh tokens, stored only as SHA-256 hashes. */
@Repository
public class SessionRepository {

    /** A refresh token with its session, locked for the rotation. */
    public record RefreshRow(
            UUID sessionId,
            WorkspaceId workspace,
            UserId user,
            @Nullable Instant usedAt,
            @Nullable Instant sessionRevokedAt,
            Instant sessionExpiresAt) {}

    /** What an access token's claims resolve to now: the member's role, whether they operate the platform. */
    public record Access(Role role, boolean operator) {}

    private final JdbcClient jdbc;

    SessionRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void create(UUID id, WorkspaceId tenant, UserId user, Instant now, Instant expiresAt) {
        jdbc.sql("""
                        INSERT INTO session (id, tenant_id, user_id, created_at, expires_at)
                        VALUES (:id, :tenantId, :userId, :now, :expiresAt)
                        """)
                .param("id", id)
                .param("tenantId", tenant.value())
                .param("userId", user.value())
                .param("now", Sql.utc(now))
                .param("expiresAt", Sql.utc(expiresAt))
                .update();
    }

    public void addRefreshToken(byte[] hash, UUID session, Instant now) {
        jdbc.sql("INSERT INTO refresh_token (token_hash, session_id, issued_at) VALUES (:hash, :session, :now)")
                .param("hash", hash)
                .param("session", session)
                .param("now", Sql.utc(now))
                .update();
    }

    // FOR UPDATE: two refreshes racing with one token are serialised; the second sees it used and revokes.
    private static final String LOCK_REFRESH = """
            SELECT r.session_id, r.used_at, s.tenant_id, s.user_id, s.revoked_at, s.expires_at
              FROM refresh_token r JOIN session s ON s.id = r.session_id
             WHERE r.token_hash = :hash
               FOR UPDATE OF r, s
            """;

    public Optional<RefreshRow> lockRefreshToken(byte[] hash) {
        return jdbc.sql(LOCK_REFRESH)
                .param("hash", hash)
                .query((rs, n) -> new RefreshRow(
                        rs.getObject("session_id", UUID.class),
                        new WorkspaceId(rs.getObject("tenant_id", UUID.class)),
                        new UserId(rs.getObject("user_id", UUID.class)),
                        Sql.instant(rs, "used_at"),
                        Sql.instant(rs, "revoked_at"),
                        Sql.instant(rs, "expires_at")))
                .optional();
    }

    public void markUsed(byte[] hash, Instant now) {
        int updated = jdbc.sql("UPDATE refresh_token SET used_at = :now WHERE token_hash = :hash AND used_at IS NULL")
                .param("hash", hash)
                .param("now", Sql.utc(now))
                .update();
        if (updated != 1) {
            throw new IllegalStateException("Refresh token was used concurrently despite the row lock");
        }
    }

    public int revoke(UUID session, Instant now, String reason) {
        return jdbc.sql("""
                        UPDATE session SET revoked_at = :now, revoked_because = :reason
                         WHERE id = :id AND revoked_at IS NULL
                        """)
                .param("id", session)
                .param("now", Sql.utc(now))
                .param("reason", reason)
                .update();
    }

    public int revokeAllOf(UserId user, Instant now, String reason) {
        return jdbc.sql("""
                        UPDATE session SET revoked_at = :now, revoked_because = :reason
                         WHERE user_id = :userId AND revoked_at IS NULL
                        """)
                .param("userId", user.value())
                .param("now", Sql.utc(now))
                .param("reason", reason)
                .update();
    }

    public int revokeMember(WorkspaceId tenant, UserId user, Instant now, String reason) {
        return jdbc.sql("""
                        UPDATE session SET revoked_at = :now, revoked_because = :reason
                         WHERE tenant_id = :tenantId AND user_id = :userId AND revoked_at IS NULL
                        """)
                .param("tenantId", tenant.value())
                .param("userId", user.value())
                .param("now", Sql.utc(now))
                .param("reason", reason)
                .update();
    }

    public int revokeWorkspace(WorkspaceId tenant, Instant now, String reason) {
        return jdbc.sql("""
                        UPDATE session SET revoked_at = :now, revoked_because = :reason
                         WHERE tenant_id = :tenantId AND revoked_at IS NULL
                        """)
                .param("tenantId", tenant.value())
                .param("now", Sql.utc(now))
                .param("reason", reason)
                .update();
    }

    // One primary-key join per request: a live session of a current member, so logout, removal and role changes
    // take effect at once rather than when the access token expires.
    private static final String ACCESS = """
            SELECT m.role, u.platform_operator
              FROM session s
              JOIN membership m ON m.tenant_id = s.tenant_id AND m.user_id = s.user_id
              JOIN app_user u ON u.id = s.user_id
             WHERE s.tenant_id = :tenantId AND s.id = :sessionId AND s.user_id = :userId
               AND s.revoked_at IS NULL AND s.expires_at > :now
            """;

    public Optional<Access> access(WorkspaceId tenant, UserId user, UUID session, Instant now) {
        return jdbc.sql(ACCESS)
                .param("tenantId", tenant.value())
                .param("userId", user.value())
                .param("sessionId", session)
                .param("now", Sql.utc(now))
                .query((rs, n) ->
                        new Access(Role.fromApiName(rs.getString("role")), rs.getBoolean("platform_operator")))
                .optional();
    }
}
