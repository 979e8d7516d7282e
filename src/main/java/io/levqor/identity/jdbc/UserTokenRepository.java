package io.levqor.identity.jdbc;

import io.levqor.shared.UserId;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Single-use tokens mailed to a user (e-mail verification, password reset), stored as hashes. */
@Repository
public class UserTokenRepository {

    private final JdbcClient jdbc;

    UserTokenRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(byte[] hash, UserId user, String purpose, Instant now, Instant expiresAt) {
        jdbc.sql("""
                        INSERT INTO user_token (token_hash, user_id, purpose, created_at, expires_at)
                        VALUES (:hash, :userId, :purpose, :now, :expiresAt)
                        """)
                .param("hash", hash)
                .param("userId", user.value())
                .param("purpose", purpose)
                .param("now", Sql.utc(now))
                .param("expiresAt", Sql.utc(expiresAt))
                .update();
    }

    /** Spends a valid token in one statement (so it is spent once); empty when unknown, used or expired. */
    public Optional<UserId> consume(byte[] hash, String purpose, Instant now) {
        return jdbc.sql("""
                        UPDATE user_token SET used_at = :now
                         WHERE token_hash = :hash AND purpose = :purpose AND used_at IS NULL AND expires_at > :now
                        RETURNING user_id
                        """)
                .param("hash", hash)
                .param("purpose", purpose)
                .param("now", Sql.utc(now))
                .query((rs, n) -> new UserId(rs.getObject("user_id", UUID.class)))
                .optional();
    }

    /** Spends every other open token of this purpose, so an older reset link dies with a newer one's use. */
    public void expireAll(UserId user, String purpose, Instant now) {
        jdbc.sql("""
                        UPDATE user_token SET used_at = :now
                         WHERE user_id = :userId AND purpose = :purpose AND used_at IS NULL
                        """)
                .param("userId", user.value())
                .param("purpose", purpose)
                .param("now", Sql.utc(now))
                .update();
    }
}
