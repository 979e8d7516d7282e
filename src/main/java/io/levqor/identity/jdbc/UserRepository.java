package io.levqor.identity.jdbc;

import io.levqor.identity.MyWorkspace;
import io.levqor.shared.Role;
import io.levqor.shared.UserId;
import io.levqor.shared.WorkspaceId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Users: global, one per e-mail address. */
@Repository
public class UserRepository {

    /** A user as stored. */
    public record UserRow(
            UserId id,
            String email,
            @Nullable String name,
            String passwordHash,
            @Nullable Instant emailVerifiedAt,
            boolean operator) {}

    /** A user with every workspace they belong to (in joining order), as {@code GET /api/v1/me} shows them. */
    public record Profile(
            UserId id, String email, @Nullable String name, boolean emailVerified, List<MyWorkspace> workspaces) {}

    private final JdbcClient jdbc;

    UserRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private static final String INSERT = """
            INSERT INTO app_user (id, email, email_key, name, password_hash, referral_code, password_changed_at,
                                  created_at)
            VALUES (:id, :email, :key, :name, :hash, :referral, :now, :now)
            """;

    /** {@code emailKey} is what makes addresses the same account (unique); {@code email} is what mail goes to. */
    public void insert(
            UserId id,
            String email,
            String emailKey,
            @Nullable String name,
            String hash,
            @Nullable String referral,
            Instant now) {
        jdbc.sql(INSERT)
                .param("id", id.value())
                .param("email", email)
                .param("key", emailKey)
                .param("name", name)
                .param("hash", hash)
                .param("referral", referral)
                .param("now", Sql.utc(now))
                .update();
    }

    private static final String COLUMNS =
            "id, email, name, password_hash, email_verified_at, platform_operator FROM app_user";

    /** The account an address belongs to, by its normalised key (identity's {@code Checks.emailKey}). */
    public Optional<UserRow> findByEmailKey(String emailKey) {
        return jdbc.sql("SELECT " + COLUMNS + " WHERE email_key = :key")
                .param("key", emailKey)
                .query(UserRepository::row)
                .optional();
    }

    // One round trip for the user and their workspaces: /me is the hottest authenticated read.
    private static final String PROFILE = """
            SELECT u.id, u.email, u.name, u.email_verified_at IS NOT NULL AS verified,
                   w.id AS workspace_id, w.name AS workspace_name, m.role
              FROM app_user u
              LEFT JOIN membership m ON m.user_id = u.id
              LEFT JOIN workspace w ON w.id = m.tenant_id
             WHERE u.id = :id
             ORDER BY m.created_at, w.id
            """;

    public Optional<Profile> profile(UserId id) {
        return jdbc.sql(PROFILE).param("id", id.value()).query((ResultSet rs) -> {
            if (!rs.next()) {
                return Optional.<Profile>empty();
            }
            String email = rs.getString("email");
            String name = rs.getString("name");
            boolean verified = rs.getBoolean("verified");
            List<MyWorkspace> workspaces = new ArrayList<>();
            do {
                UUID workspace = rs.getObject("workspace_id", UUID.class);
                if (workspace != null) {
                    workspaces.add(new MyWorkspace(
                            new WorkspaceId(workspace),
                            rs.getString("workspace_name"),
                            Role.fromApiName(rs.getString("role"))));
                }
            } while (rs.next());
            return Optional.of(new Profile(id, email, name, verified, List.copyOf(workspaces)));
        });
    }

    public Optional<UserRow> find(UserId id) {
        return jdbc.sql("SELECT " + COLUMNS + " WHERE id = :id")
                .param("id", id.value())
                .query(UserRepository::row)
                .optional();
    }

    public void updatePassword(UserId id, String hash, Instant now) {
        int updated = jdbc.sql("UPDATE app_user SET password_hash = :hash, password_changed_at = :now WHERE id = :id")
                .param("id", id.value())
                .param("hash", hash)
                .param("now", Sql.utc(now))
                .update();
        expectOne(updated, id);
    }

    public void markEmailVerified(UserId id, Instant now) {
        int updated =
                jdbc.sql("""
                        UPDATE app_user SET email_verified_at = coalesce(email_verified_at, :now) WHERE id = :id
                        """).param("id", id.value()).param("now", Sql.utc(now)).update();
        expectOne(updated, id);
    }

    /** Makes the account with this address key the only platform operator; returns how many rows changed. */
    public int makeOnlyOperator(String emailKey) {
        return jdbc.sql("""
                        UPDATE app_user SET platform_operator = (email_key = :key)
                         WHERE platform_operator <> (email_key = :key)
                        """).param("key", emailKey).update();
    }

    /**
     * Makes this just-inserted user the platform operator when no other account exists (the first-run rule); true
     * when it did. Concurrent first sign-ups are serialised by a transaction-scoped advisory lock: the later one
     * checks after the earlier one committed, sees its account and stays a customer, so exactly one is promoted.
     */
    public boolean promoteIfFirst(UserId id) {
        // An install with accounts (every sign-up but the first) answers here, without taking the lock.
        if (otherAccountExists(id)) {
            return false;
        }
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtext('levqor.identity.first-account'))")
                .query((rs, n) -> 1)
                .single();
        // A new statement, so a new snapshot (READ COMMITTED): it sees an account committed while we waited.
        return jdbc.sql("""
                        UPDATE app_user SET platform_operator = true
                         WHERE id = :id AND NOT EXISTS (SELECT 1 FROM app_user WHERE id <> :id)
                        """).param("id", id.value()).update() == 1;
    }

    private boolean otherAccountExists(UserId id) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM app_user WHERE id <> :id)")
                .param("id", id.value())
                .query(Boolean.class)
                .single();
    }

    private static void expectOne(int updated, UserId id) {
        if (updated != 1) {
            throw new IllegalStateException("User " + id.value() + " does not exist");
        }
    }

    private static UserRow row(ResultSet rs, int n) throws SQLException {
        return new UserRow(
                new UserId(rs.getObject("id", UUID.class)),
                rs.getString("email"),
                rs.getString("name"),
                rs.getString("password_hash"),
                Sql.instant(rs, "email_verified_at"),
                rs.getBoolean("platform_operator"));
    }
}
