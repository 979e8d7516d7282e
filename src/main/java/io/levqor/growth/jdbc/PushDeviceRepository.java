package io.levqor.growth.jdbc;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code growth_push_device} table: FCM registration tokens of signed-in users. */
@Repository
public class PushDeviceRepository {

    /** One row as stored. */
    public record Row(String token, UUID userId, String platform, Instant registeredAt) {}

    private final JdbcClient jdbc;

    PushDeviceRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Registers a token for a user; a token registered before (by anyone) moves to this user. */
    public void upsert(String token, UUID user, String platform, Instant at) {
        jdbc.sql("""
                        INSERT INTO growth_push_device (token, user_id, platform, registered_at)
                        VALUES (:token, :user, :platform, :at)
                        ON CONFLICT (token) DO UPDATE
                           SET user_id = excluded.user_id, platform = excluded.platform,
                               registered_at = excluded.registered_at
                        """)
                .param("token", token)
                .param("user", user)
                .param("platform", platform)
                .param("at", at.atOffset(ZoneOffset.UTC))
                .update();
    }

    public boolean delete(String token, UUID user) {
        return jdbc.sql("DELETE FROM growth_push_device WHERE token = :token AND user_id = :user")
                        .param("token", token)
                        .param("user", user)
                        .update()
                == 1;
    }

    /** Drops a token whoever registered it (FCM reported it unregistered). */
    public boolean delete(String token) {
        return jdbc.sql("DELETE FROM growth_push_device WHERE token = :token")
                        .param("token", token)
                        .update()
                == 1;
    }

    public List<Row> ofUser(UUID user) {
        return jdbc.sql("""
                        SELECT token, user_id, platform, registered_at FROM growth_push_device
                         WHERE user_id = :user ORDER BY registered_at DESC
                        """)
                .param("user", user)
                .query((rs, n) -> new Row(
                        rs.getString("token"),
                        rs.getObject("user_id", UUID.class),
                        rs.getString("platform"),
                        rs.getObject("registered_at", OffsetDateTime.class).toInstant()))
                .list();
    }
}
