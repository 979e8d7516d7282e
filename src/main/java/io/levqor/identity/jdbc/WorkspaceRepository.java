package io.levqor.identity.jdbc;

import io.levqor.identity.Member;
import io.levqor.identity.MyWorkspace;
import io.levqor.shared.Role;
import io.levqor.shared.UserId;
import io.levqor.shared.WorkspaceId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Workspaces and their memberships. */
@Repository
public class WorkspaceRepository {

    /** A workspace as the operator sees it. */
    public record WorkspaceSummary(WorkspaceId id, String name, Instant createdAt, int members) {}

    private final JdbcClient jdbc;

    WorkspaceRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(WorkspaceId id, String name, UserId createdBy, Instant now) {
        jdbc.sql("INSERT INTO workspace (id, name, created_by, created_at) VALUES (:id, :name, :by, :now)")
                .param("id", id.value())
                .param("name", name)
                .param("by", createdBy.value())
                .param("now", Sql.utc(now))
                .update();
    }

    public Optional<String> name(WorkspaceId id) {
        return jdbc.sql("SELECT name FROM workspace WHERE id = :id")
                .param("id", id.value())
                .query(String.class)
                .optional();
    }

    public void rename(WorkspaceId id, String name) {
        int updated = jdbc.sql("UPDATE workspace SET name = :name WHERE id = :id")
                .param("id", id.value())
                .param("name", name)
                .update();
        if (updated != 1) {
            throw new IllegalStateException("Workspace " + id.value() + " does not exist");
        }
    }

    /** Adds a member; false when the user already is one. */
    public boolean addMember(WorkspaceId tenant, UserId user, Role role, Instant now) {
        return jdbc.sql("""
                        INSERT INTO membership (tenant_id, user_id, role, created_at)
                        VALUES (:tenantId, :userId, :role, :now)
                        ON CONFLICT (tenant_id, user_id) DO NOTHING
                        """)
                        .param("tenantId", tenant.value())
                        .param("userId", user.value())
                        .param("role", role.apiName())
                        .param("now", Sql.utc(now))
                        .update()
                == 1;
    }

    public Optional<Role> role(WorkspaceId tenant, UserId user) {
        return jdbc.sql("SELECT role FROM membership WHERE tenant_id = :tenantId AND user_id = :userId")
                .param("tenantId", tenant.value())
                .param("userId", user.value())
                .query((rs, n) -> Role.fromApiName(rs.getString("role")))
                .optional();
    }

    /** The workspace a login lands in: the oldest membership, which is the personal workspace unless it was left. */
    /** Marks the workspace deleted; false when it does not exist or already was. */
    public boolean markDeleted(WorkspaceId id, UserId by, Instant now) {
        return jdbc.sql("""
                        UPDATE workspace SET deleted_at = :now, deleted_by = :by
                         WHERE id = :id AND deleted_at IS NULL
                        """)
                        .param("id", id.value())
                        .param("by", by.value())
                        .param("now", Sql.utc(now))
                        .update()
                == 1;
    }

    /** Removes every membership of the workspace; answers how many. */
    public int removeAllMembers(WorkspaceId tenant) {
        return jdbc.sql("DELETE FROM membership WHERE tenant_id = :tenantId")
                .param("tenantId", tenant.value())
                .update();
    }

    /** How many workspaces the user belongs to besides {@code except}. */
    public int otherWorkspaces(UserId user, WorkspaceId except) {
        return jdbc.sql("SELECT count(*) FROM membership WHERE user_id = :userId AND tenant_id <> :except")
                .param("userId", user.value())
                .param("except", except.value())
                .query(Integer.class)
                .single();
    }

    public Optional<WorkspaceId> defaultWorkspace(UserId user) {
        return jdbc.sql("""
                        SELECT tenant_id FROM membership WHERE user_id = :userId
                         ORDER BY created_at, tenant_id LIMIT 1
                        """)
                .param("userId", user.value())
                .query((rs, n) -> new WorkspaceId(rs.getObject("tenant_id", UUID.class)))
                .optional();
    }

    public List<MyWorkspace> workspacesOf(UserId user) {
        return jdbc.sql("""
                        SELECT w.id, w.name, m.role
                          FROM membership m JOIN workspace w ON w.id = m.tenant_id
                         WHERE m.user_id = :userId
                         ORDER BY m.created_at, w.id
                        """)
                .param("userId", user.value())
                .query((rs, n) -> new MyWorkspace(
                        new WorkspaceId(rs.getObject("id", UUID.class)),
                        rs.getString("name"),
                        Role.fromApiName(rs.getString("role"))))
                .list();
    }

    private static final String MEMBERS = """
            SELECT m.user_id, u.email, u.name, m.role
              FROM membership m JOIN app_user u ON u.id = m.user_id
             WHERE m.tenant_id = :tenantId
            """;

    public List<Member> members(WorkspaceId tenant) {
        return jdbc.sql(MEMBERS + " ORDER BY m.created_at, m.user_id")
                .param("tenantId", tenant.value())
                .query(WorkspaceRepository::member)
                .list();
    }

    public Optional<Member> member(WorkspaceId tenant, UserId user) {
        return jdbc.sql(MEMBERS + " AND m.user_id = :userId FOR UPDATE OF m")
                .param("tenantId", tenant.value())
                .param("userId", user.value())
                .query(WorkspaceRepository::member)
                .optional();
    }

    public Optional<Member> ownerOf(WorkspaceId tenant) {
        return jdbc.sql(MEMBERS + " AND m.role = 'owner' ORDER BY m.created_at LIMIT 1")
                .param("tenantId", tenant.value())
                .query(WorkspaceRepository::member)
                .optional();
    }

    public int changeRole(WorkspaceId tenant, UserId user, Role role) {
        return jdbc.sql("UPDATE membership SET role = :role WHERE tenant_id = :tenantId AND user_id = :userId")
                .param("tenantId", tenant.value())
                .param("userId", user.value())
                .param("role", role.apiName())
                .update();
    }

    public int removeMember(WorkspaceId tenant, UserId user) {
        return jdbc.sql("DELETE FROM membership WHERE tenant_id = :tenantId AND user_id = :userId")
                .param("tenantId", tenant.value())
                .param("userId", user.value())
                .update();
    }

    public List<WorkspaceSummary> all(int limit) {
        return jdbc.sql("""
                        SELECT w.id, w.name, w.created_at,
                               (SELECT count(*) FROM membership m WHERE m.tenant_id = w.id) AS members
                          FROM workspace w WHERE w.deleted_at IS NULL
                         ORDER BY w.created_at DESC, w.id LIMIT :limit
                        """)
                .param("limit", limit)
                .query((rs, n) -> new WorkspaceSummary(
                        new WorkspaceId(rs.getObject("id", UUID.class)),
                        rs.getString("name"),
                        Sql.instant(rs, "created_at"),
                        rs.getInt("members")))
                .list();
    }

    /**
     * A live workspace's suspension: empty when it does not exist (or was deleted), else its state and whether the
     * platform operator created it (one primary-key join: run admission reads both in one round trip).
     */
    public Optional<Suspension> suspension(WorkspaceId id) {
        return jdbc.sql("""
                        SELECT w.suspended_at, w.suspended_reason, coalesce(u.platform_operator, false) AS operators
                          FROM workspace w
                          LEFT JOIN app_user u ON u.id = w.created_by
                         WHERE w.id = :id AND w.deleted_at IS NULL
                        """)
                .param("id", id.value())
                .query((rs, n) -> new Suspension(
                        Sql.instant(rs, "suspended_at"), rs.getString("suspended_reason"), rs.getBoolean("operators")))
                .optional();
    }

    /**
     * A workspace's suspension columns (both null when it is not suspended), and whether its creator is the platform
     * operator.
     */
    public record Suspension(
            @org.jspecify.annotations.Nullable Instant at,
            @org.jspecify.annotations.Nullable String reason,
            boolean operatorOwned) {}

    /** Suspends a live workspace that is not suspended yet; false otherwise (nothing changes). */
    public boolean suspend(WorkspaceId id, String reason, Instant now) {
        return jdbc.sql("""
                        UPDATE workspace SET suspended_at = :now, suspended_reason = :reason
                         WHERE id = :id AND deleted_at IS NULL AND suspended_at IS NULL
                        """)
                        .param("id", id.value())
                        .param("reason", reason)
                        .param("now", Sql.utc(now))
                        .update()
                == 1;
    }

    /** Lifts a suspension; false when the workspace was not suspended. */
    public boolean resume(WorkspaceId id) {
        return jdbc.sql("""
                        UPDATE workspace SET suspended_at = NULL, suspended_reason = NULL
                         WHERE id = :id AND suspended_at IS NOT NULL
                        """).param("id", id.value()).update() == 1;
    }

    private static Member member(ResultSet rs, int n) throws SQLException {
        return new Member(
                new UserId(rs.getObject("user_id", UUID.class)),
                rs.getString("email"),
                rs.getString("name"),
                Role.fromApiName(rs.getString("role")));
    }
}
