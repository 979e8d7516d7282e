package io.levqor.growth.jdbc;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code growth_phone_consent} table: one opt-in per person and channel. */
@Repository
public class PhoneConsentRepository {

    /** One row as stored. */
    public record Row(
            UUID userId,
            String channel,
            String phone,
            String source,
            Instant consentedAt,
            @Nullable Instant withdrawnAt) {}

    private final JdbcClient jdbc;

    PhoneConsentRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Records an opt-in; a new one replaces the person's earlier opt-in (or withdrawal) on the channel. */
    public void upsert(UUID user, String channel, String phone, String source, Instant at) {
        jdbc.sql("""
                        INSERT INTO growth_phone_consent (user_id, channel, phone, source, consented_at)
                        VALUES (:user, :channel, :phone, :source, :at)
                        ON CONFLICT (user_id, channel) DO UPDATE
                           SET phone = excluded.phone, source = excluded.source,
                               consented_at = excluded.consented_at, withdrawn_at = NULL
                        """)
                .param("user", user)
                .param("channel", channel)
                .param("phone", phone)
                .param("source", source)
                .param("at", at.atOffset(ZoneOffset.UTC))
                .update();
    }

    public boolean withdraw(UUID user, String channel, Instant at) {
        return jdbc.sql("""
                                UPDATE growth_phone_consent SET withdrawn_at = :at
                                 WHERE user_id = :user AND channel = :channel AND withdrawn_at IS NULL
                                """)
                        .param("user", user)
                        .param("channel", channel)
                        .param("at", at.atOffset(ZoneOffset.UTC))
                        .update()
                == 1;
    }

    /** Withdraws every opt-in of a number on a channel (a STOP names the number, not the person); the count. */
    public int withdrawPhone(String channel, String phone, Instant at) {
        return jdbc.sql("""
                        UPDATE growth_phone_consent SET withdrawn_at = :at
                         WHERE channel = :channel AND phone = :phone AND withdrawn_at IS NULL
                        """)
                .param("channel", channel)
                .param("phone", phone)
                .param("at", at.atOffset(ZoneOffset.UTC))
                .update();
    }

    public boolean consented(String channel, String phone) {
        return jdbc.sql("""
                        SELECT EXISTS (SELECT 1 FROM growth_phone_consent
                                        WHERE channel = :channel AND phone = :phone AND withdrawn_at IS NULL)
                        """)
                .param("channel", channel)
                .param("phone", phone)
                .query(Boolean.class)
                .single();
    }

    public List<Row> ofUser(UUID user) {
        return jdbc.sql("""
                        SELECT user_id, channel, phone, source, consented_at, withdrawn_at
                          FROM growth_phone_consent WHERE user_id = :user ORDER BY channel
                        """)
                .param("user", user)
                .query((rs, n) -> new Row(
                        rs.getObject("user_id", UUID.class),
                        rs.getString("channel"),
                        rs.getString("phone"),
                        rs.getString("source"),
                        rs.getObject("consented_at", OffsetDateTime.class).toInstant(),
                        toInstant(rs.getObject("withdrawn_at", OffsetDateTime.class))))
                .list();
    }

    private static @Nullable Instant toInstant(@Nullable OffsetDateTime at) {
        return at == null ? null : at.toInstant();
    }
}
