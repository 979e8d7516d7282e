package io.levqor.growth.jdbc;

import io.levqor.shared.UserId;
import java.time.Instant;
import java.time.ZoneOffset;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Where users were seen (client address, latest time): the evidence of the same-address rule. */
@Repository
public class SightingRepository {

    private final JdbcClient jdbc;

    public SightingRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private static final String RECORD = """
            INSERT INTO user_sighting (user_id, ip, seen_at) VALUES (:userId, :ip, :now)
            ON CONFLICT (user_id, ip) DO UPDATE SET seen_at = greatest(user_sighting.seen_at, excluded.seen_at)
            """;

    public void record(UserId user, String ip, Instant now) {
        jdbc.sql(RECORD)
                .param("userId", user.value())
                .param("ip", ip)
                .param("now", now.atOffset(ZoneOffset.UTC))
                .update();
    }

    private static final String SEEN = """
            SELECT EXISTS (SELECT 1 FROM user_sighting WHERE user_id = :userId AND ip = :ip AND seen_at >= :since)
            """;

    public boolean seenSince(UserId user, String ip, Instant since) {
        return Boolean.TRUE.equals(jdbc.sql(SEEN)
                .param("userId", user.value())
                .param("ip", ip)
                .param("since", since.atOffset(ZoneOffset.UTC))
                .query(Boolean.class)
                .single());
    }
}
