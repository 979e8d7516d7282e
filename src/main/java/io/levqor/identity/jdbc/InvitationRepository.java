package io.levqor.identity.jdbc;

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

/** Invitations to a workspace: single-use, expiring, token stored as a hash. */
@Repository
public class InvitationRepository {

    /** An invitation as stored. */
    public record InvitationRow(
            WorkspaceId workspace,
            UUID id,
            String email,
            Role role,
            Instant expiresAt,
            @Nullable Instant acceptedAt) {}

    private final JdbcClient jdbc;

    InvitationRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(
            WorkspaceId tenant,
            UUID id,
            String email,
            Role role,
            byte[] hash,
            UserId invitedBy,
            Instant now,
            Instant expiresAt) {
        jdbc.sql("""
                        INSERT INTO invitation (tenant_id, id, email, role, token_hash, invited_by, created_at,
                                                expires_at)
                        VALUES (:tenantId, :id, :email, :role, :hash, :invitedBy, :now, :expiresAt)
                        """)
                .param("tenantId", tenant.value())
                .param("id", id)
                .param("email", email)
                .param("role", role.apiName())
                .param("hash", hash)
                .param("invitedBy", invitedBy.value())
                .param("now", Sql.utc(now))
                .param("expiresAt", Sql.utc(expiresAt))
                .update();
    }

    private static final String COLUMNS = "tenant_id, id, email, role, expires_at, accepted_at FROM invitation";

    // By hash alone: the token names the workspace. Locked so that one token is accepted once.
    public Optional<InvitationRow> lockByToken(byte[] hash) {
        return jdbc.sql("SELECT " + COLUMNS + " WHERE token_hash = :hash FOR UPDATE")
                .param("hash", hash)
                .query((rs, n) -> row(rs))
                .optional();
    }

    public void markAccepted(WorkspaceId tenant, UUID id, UserId by, Instant now) {
        int updated = jdbc.sql("""
                        UPDATE invitation SET accepted_at = :now, accepted_by = :by
                         WHERE tenant_id = :tenantId AND id = :id AND accepted_at IS NULL
                        """)
                .param("tenantId", tenant.value())
                .param("id", id)
                .param("by", by.value())
                .param("now", Sql.utc(now))
                .update();
        if (updated != 1) {
            throw new IllegalStateException("Invitation " + id + " was accepted concurrently despite the row lock");
        }
    }

    public List<InvitationRow> pending(WorkspaceId tenant, Instant now) {
        return jdbc.sql("SELECT " + COLUMNS
                        + " WHERE tenant_id = :tenantId AND accepted_at IS NULL AND expires_at > :now"
                        + " ORDER BY created_at, id")
                .param("tenantId", tenant.value())
                .param("now", Sql.utc(now))
                .query((rs, n) -> row(rs))
                .list();
    }

    public int delete(WorkspaceId tenant, UUID id) {
        return jdbc.sql("DELETE FROM invitation WHERE tenant_id = :tenantId AND id = :id AND accepted_at IS NULL")
                .param("tenantId", tenant.value())
                .param("id", id)
                .update();
    }

    private static InvitationRow row(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new InvitationRow(
                new WorkspaceId(rs.getObject("tenant_id", UUID.class)),
                rs.getObject("id", UUID.class),
                rs.getString("email"),
                Role.fromApiName(rs.getString("role")),
                Sql.instant(rs, "expires_at"),
                Sql.instant(rs, "accepted_at"));
    }

    /** Deletes every invitation of the workspace (it is being deleted); answers how many. */
    public int deleteAll(WorkspaceId tenant) {
        return jdbc.sql("DELETE FROM invitation WHERE tenant_id = :tenantId")
                .param("tenantId", tenant.value())
                .update();
    }
}
