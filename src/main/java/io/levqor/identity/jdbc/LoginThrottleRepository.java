package io.levqor.identity.jdbc;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Counts failed logins per key ({@code acct:<email>}, {@code ip:<address>}) in the database, for all nodes. */
@Repository
public class LoginThrottleRepository {

    private final JdbcClient jdbc;

    LoginThrottleRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The latest lock among the keys that still holds at {@code now}. */
    public Optional<Instant> lockedUntil(List<String> keys, Instant now) {
        return jdbc.sql("""
                        SELECT max(locked_until) AS until FROM login_throttle
                         WHERE key IN (:keys) AND locked_until > :now
                        """)
                .param("keys", keys)
                .param("now", Sql.utc(now))
                .query((rs, n) -> Optional.ofNullable(Sql.instant(rs, "until")))
                .single();
    }

    // A window that has passed starts over at one failure.
    private static final String FAIL = """
            INSERT INTO login_throttle (key, failures, window_start)
            VALUES (:key, 1, :now)
            ON CONFLICT (key) DO UPDATE
               SET failures = CASE WHEN login_throttle.window_start < :windowStart THEN 1
                                   ELSE login_throttle.failures + 1 END,
                   window_start = CASE WHEN login_throttle.window_start < :windowStart THEN :now
                                       ELSE login_throttle.window_start END
            RETURNING failures
            """;

    /** Counts one failure and returns the count within the window. */
    public int fail(String key, Instant now, Instant windowStart) {
        return jdbc.sql(FAIL)
                .param("key", key)
                .param("now", Sql.utc(now))
                .param("windowStart", Sql.utc(windowStart))
                .query(Integer.class)
                .single();
    }

    public void lock(String key, Instant until) {
        jdbc.sql("UPDATE login_throttle SET locked_until = :until WHERE key = :key")
                .param("key", key)
                .param("until", Sql.utc(until))
                .update();
    }

    public void clear(String key) {
        jdbc.sql("DELETE FROM login_throttle WHERE key = :key")
                .param("key", key)
                .update();
    }
}
