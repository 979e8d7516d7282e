package io.levqor.growth.jdbc;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code growth_suppression} table: normalised addresses per channel. */
@Repository
public class SuppressionRepository {

    /** One row as stored. */
    public record Row(String channel, String address, String reason, Instant createdAt) {}

    private final JdbcClient jdbc;

    SuppressionRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public boolean exists(String channel, String address) {
        return jdbc.sql(
                        "SELECT EXISTS (SELECT 1 FROM growth_suppression WHERE channel = :channel AND address = :address)")
                .param("channel", channel)
                .param("address", address)
                .query(Boolean.class)
                .single();
    }

    public void insertIfAbsent(String channel, String address, String reason, Instant at) {
        jdbc.sql("""
                        INSERT INTO growth_suppression (channel, address, reason, created_at)
                        VALUES (:channel, :address, :reason, :at)
                        ON CONFLICT (channel, address) DO NOTHING
                        """)
                .param("channel", channel)
                .param("address", address)
                .param("reason", reason)
                .param("at", at.atOffset(ZoneOffset.UTC))
                .update();
    }

    public boolean delete(String channel, String address) {
        return jdbc.sql("DELETE FROM growth_suppression WHERE channel = :channel AND address = :address")
                        .param("channel", channel)
                        .param("address", address)
                        .update()
                == 1;
    }

    public boolean deleteWithReason(String channel, String address, String reason) {
        return jdbc.sql(
                                "DELETE FROM growth_suppression WHERE channel = :channel AND address = :address AND reason = :reason")
                        .param("channel", channel)
                        .param("address", address)
                        .param("reason", reason)
                        .update()
                == 1;
    }

    public List<Row> page(int limit, int offset) {
        return jdbc.sql("""
                        SELECT channel, address, reason, created_at FROM growth_suppression
                        ORDER BY created_at DESC, channel, address LIMIT :limit OFFSET :offset
                        """)
                .param("limit", limit)
                .param("offset", offset)
                .query((rs, n) -> new Row(
                        rs.getString("channel"),
                        rs.getString("address"),
                        rs.getString("reason"),
                        rs.getObject("created_at", OffsetDateTime.class).toInstant()))
                .list();
    }
}
