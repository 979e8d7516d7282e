package io.levqor.identity.jdbc;

import io.levqor.shared.UserId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
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

    private final JdbcClient jdbc;

    UserRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private static final String INSERT = """
            INSERT INTO app_user (id, email, name, password_hash, referral_code, password_changed_at, created_at)
            VALUES (:id, :email, :name, :hash, :referral, :now, :now)
            """;

    public void insert(
            UserId id, String email, @Nullable String name, String hash, @Nullable String referral, Instant now) {
        jdbc.sql(INSERT)
                .param("id", id.value())
                .param("email", email)
                .param("name", name)
                .param("hash", hash)
                .param("referral", referral)
                .param("now", Sql.utc(now))
                .update();
    }

    private static final String COLUMNS =
            "id, email, name, password_hash, email_verified_at, platform_operator FROM app_user";

    public Optional<UserRow> findByEmail(String email) {
        return jdbc.sql("SELECT " + COLUMNS + " WHERE email = :email")
                .param("email", email)
                .query(UserRepository::row)
                .optional();
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

    /** Makes the account with this address the only platform operator; returns how many rows changed. */
    public int makeOnlyOperator(String email) {
        return jdbc.sql("""
                        UPDATE app_user SET platform_operator = (email = :email)
                         WHERE platform_operator <> (email = :email)
                        """).param("email", email).update();
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
