package io.levqor.mail.jdbc;

import io.levqor.mail.MailId;
import io.levqor.mail.Message;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** The outbox table: stored messages, claimed for sending, marked sent or failed. */
@Repository
public class MailOutbox {

    /** A message claimed for sending, with how many times it has now been tried. */
    public record Outgoing(MailId id, Message message, int attempts) {}

    /** A message as the development mailbox shows it. */
    public record Stored(
            UUID id,
            String to,
            String subject,
            String text,
            @Nullable String html,
            @Nullable String category,
            String state,
            Instant createdAt) {}

    private final JdbcClient jdbc;

    public MailOutbox(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private static final String INSERT = """
            INSERT INTO mail_outbox (id, recipient, subject, body_text, body_html, category, headers, state,
                                     next_attempt_at, created_at)
            VALUES (:id, :to, :subject, :text, :html, :category, :headers, :state, :now, :now)
            """;

    public void insert(MailId id, Message message, String state, Instant now) {
        jdbc.sql(INSERT)
                .param("id", id.value())
                .param("to", message.to())
                .param("subject", message.subject())
                .param("text", message.text())
                .param("html", message.html())
                .param("category", message.category())
                .param("headers", encodeHeaders(message.headers()))
                .param("state", state)
                .param("now", utc(now))
                .update();
    }

    // The claim pushes next_attempt_at forward so that a node dying mid-send releases the message later, not never.
    private static final String CLAIM = """
            WITH due AS MATERIALIZED (
                SELECT id FROM mail_outbox
                 WHERE state = 'pending' AND next_attempt_at <= :now
                 ORDER BY next_attempt_at, id
                 LIMIT :batch FOR UPDATE SKIP LOCKED)
            UPDATE mail_outbox m
               SET attempts = attempts + 1, next_attempt_at = :now + interval '5 minutes'
              FROM due WHERE m.id = due.id
            RETURNING m.id, m.recipient, m.subject, m.body_text, m.body_html, m.category, m.headers, m.attempts
            """;

    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public List<Outgoing> claimDue(int batch, Instant now) {
        return jdbc.sql(CLAIM)
                .param("now", utc(now))
                .param("batch", batch)
                .query((rs, n) -> new Outgoing(
                        new MailId(rs.getObject("id", UUID.class)),
                        new Message(
                                rs.getString("recipient"),
                                rs.getString("subject"),
                                rs.getString("body_text"),
                                rs.getString("body_html"),
                                rs.getString("category"),
                                decodeHeaders(rs.getString("headers"))),
                        rs.getInt("attempts")))
                .list();
    }

    public void markSent(MailId id, Instant now) {
        int updated = jdbc.sql(
                        "UPDATE mail_outbox SET state = 'sent', sent_at = :now, last_error = NULL WHERE id = :id")
                .param("id", id.value())
                .param("now", utc(now))
                .update();
        if (updated != 1) {
            throw new IllegalStateException("Mail " + id.value() + " vanished while being sent");
        }
    }

    public void markFailed(MailId id, String error, boolean giveUp, Instant retryAt) {
        jdbc.sql("""
                        UPDATE mail_outbox
                           SET state = CASE WHEN :giveUp THEN 'failed' ELSE 'pending' END,
                               last_error = :error, next_attempt_at = :retryAt
                         WHERE id = :id
                        """)
                .param("id", id.value())
                .param("giveUp", giveUp)
                .param("error", error.length() > 2000 ? error.substring(0, 2000) : error)
                .param("retryAt", utc(retryAt))
                .update();
    }

    private static final String LIST = """
            SELECT id, recipient, subject, body_text, body_html, category, state, created_at
              FROM mail_outbox
             WHERE (CAST(:to AS text) IS NULL OR recipient = :to)
             ORDER BY created_at DESC, id DESC
             LIMIT :limit
            """;

    public List<Stored> latest(@Nullable String to, int limit) {
        return jdbc.sql(LIST)
                .param("to", to)
                .param("limit", limit)
                .query(MailOutbox::stored)
                .list();
    }

    public @Nullable Stored find(MailId id) {
        return jdbc.sql("""
                        SELECT id, recipient, subject, body_text, body_html, category, state, created_at
                          FROM mail_outbox WHERE id = :id
                        """)
                .param("id", id.value())
                .query(MailOutbox::stored)
                .optional()
                .orElse(null);
    }

    private static Stored stored(ResultSet rs, int n) throws SQLException {
        return new Stored(
                rs.getObject("id", UUID.class),
                rs.getString("recipient"),
                rs.getString("subject"),
                rs.getString("body_text"),
                rs.getString("body_html"),
                rs.getString("category"),
                rs.getString("state"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant());
    }

    // Stored as the header lines themselves ("Name: value", one a line): Message refuses CR and LF in a value and a
    // colon in a name, so the form is unambiguous. NULL when there are none (every message before V86).
    static @Nullable String encodeHeaders(Map<String, String> headers) {
        if (headers.isEmpty()) {
            return null;
        }
        StringBuilder lines = new StringBuilder();
        headers.forEach(
                (name, value) -> lines.append(name).append(": ").append(value).append('\n'));
        return lines.toString();
    }

    static Map<String, String> decodeHeaders(@Nullable String lines) {
        if (lines == null || lines.isEmpty()) {
            return Map.of();
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line : lines.split("\n")) {
            int colon = line.indexOf(": ");
            if (colon > 0) {
                headers.put(line.substring(0, colon), line.substring(colon + 2));
            }
        }
        return headers;
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
