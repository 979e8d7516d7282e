package io.levqor.growth.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Support tickets with their messages, and feedback. */
@Repository
public class SupportRepository {

    /** A ticket row. */
    public record TicketRow(
            UUID id,
            String email,
            @Nullable UUID userId,
            @Nullable UUID workspaceId,
            String subject,
            String state,
            Instant createdAt,
            Instant updatedAt,
            @Nullable Instant closedAt) {}

    /** A message row. */
    public record MessageRow(UUID id, String author, String body, Instant createdAt) {}

    /** A feedback row. */
    public record FeedbackRow(
            UUID id,
            @Nullable UUID userId,
            @Nullable UUID workspaceId,
            int rating,
            String body,
            String page,
            Instant createdAt) {}

    private final JdbcClient jdbc;

    SupportRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insertTicket(
            UUID id, String email, @Nullable UUID user, @Nullable UUID workspace, String subject, Instant at) {
        jdbc.sql("""
                        INSERT INTO growth_support_ticket (id, email, user_id, workspace_id, subject, state, created_at,
                                                           updated_at)
                        VALUES (:id, :email, :user, :workspace, :subject, 'open', :at, :at)
                        """)
                .param("id", id)
                .param("email", email)
                .param("user", user)
                .param("workspace", workspace)
                .param("subject", subject)
                .param("at", utc(at))
                .update();
    }

    public void insertMessage(UUID id, UUID ticket, String author, @Nullable UUID operator, String body, Instant at) {
        jdbc.sql("""
                        INSERT INTO growth_support_message (id, ticket_id, author, operator_id, body, created_at)
                        VALUES (:id, :ticket, :author, :operator, :body, :at)
                        """)
                .param("id", id)
                .param("ticket", ticket)
                .param("author", author)
                .param("operator", operator)
                .param("body", body)
                .param("at", utc(at))
                .update();
        jdbc.sql("UPDATE growth_support_ticket SET updated_at = :at WHERE id = :ticket")
                .param("ticket", ticket)
                .param("at", utc(at))
                .update();
    }

    /** Tickets opened from this address since {@code since}, for the per-address limit. */
    public int openedSince(String email, Instant since) {
        return jdbc.sql(
                        "SELECT count(*) FROM growth_support_ticket WHERE lower(email) = lower(:email) AND created_at >= :since")
                .param("email", email)
                .param("since", utc(since))
                .query(Integer.class)
                .single();
    }

    public List<TicketRow> tickets(String state, int limit) {
        return jdbc.sql(
                        "SELECT * FROM growth_support_ticket WHERE state = :state ORDER BY updated_at DESC, id LIMIT :limit")
                .param("state", state)
                .param("limit", limit)
                .query(SupportRepository::ticket)
                .list();
    }

    public Optional<TicketRow> ticket(UUID id) {
        return jdbc.sql("SELECT * FROM growth_support_ticket WHERE id = :id")
                .param("id", id)
                .query(SupportRepository::ticket)
                .optional();
    }

    public List<MessageRow> messages(UUID ticket) {
        return jdbc.sql("""
                        SELECT id, author, body, created_at FROM growth_support_message
                         WHERE ticket_id = :ticket ORDER BY created_at, id
                        """)
                .param("ticket", ticket)
                .query((rs, n) -> new MessageRow(
                        rs.getObject("id", UUID.class),
                        rs.getString("author"),
                        rs.getString("body"),
                        instant(rs, "created_at")))
                .list();
    }

    public boolean close(UUID id, Instant at) {
        return jdbc.sql(
                                "UPDATE growth_support_ticket SET state = 'closed', closed_at = :at, updated_at = :at WHERE id = :id AND state = 'open'")
                        .param("id", id)
                        .param("at", utc(at))
                        .update()
                == 1;
    }

    public void insertFeedback(
            UUID id, @Nullable UUID user, @Nullable UUID workspace, int rating, String body, String page, Instant at) {
        jdbc.sql("""
                        INSERT INTO growth_feedback (id, user_id, workspace_id, rating, body, page, created_at)
                        VALUES (:id, :user, :workspace, :rating, :body, :page, :at)
                        """)
                .param("id", id)
                .param("user", user)
                .param("workspace", workspace)
                .param("rating", rating)
                .param("body", body)
                .param("page", page)
                .param("at", utc(at))
                .update();
    }

    public List<FeedbackRow> feedback(int limit) {
        return jdbc.sql("SELECT * FROM growth_feedback ORDER BY created_at DESC, id LIMIT :limit")
                .param("limit", limit)
                .query((rs, n) -> new FeedbackRow(
                        rs.getObject("id", UUID.class),
                        rs.getObject("user_id", UUID.class),
                        rs.getObject("workspace_id", UUID.class),
                        rs.getInt("rating"),
                        rs.getString("body"),
                        rs.getString("page"),
                        instant(rs, "created_at")))
                .list();
    }

    private static TicketRow ticket(ResultSet rs, int n) throws SQLException {
        OffsetDateTime closed = rs.getObject("closed_at", OffsetDateTime.class);
        return new TicketRow(
                rs.getObject("id", UUID.class),
                rs.getString("email"),
                rs.getObject("user_id", UUID.class),
                rs.getObject("workspace_id", UUID.class),
                rs.getString("subject"),
                rs.getString("state"),
                instant(rs, "created_at"),
                instant(rs, "updated_at"),
                closed == null ? null : closed.toInstant());
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
