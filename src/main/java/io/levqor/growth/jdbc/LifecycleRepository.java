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

/**
 * The lifecycle tables: growth's view of each person ({@code growth_lifecycle_person}), one row per person and step
 * ({@code growth_lifecycle_send}, insert-first, claimed SKIP LOCKED) and the operator's template edits.
 */
@Repository
public class LifecycleRepository {

    /** A person as the scheduler needs them. */
    public record Person(
            UUID userId,
            UUID workspaceId,
            String email,
            Instant signedUpAt,
            String timeZone,
            boolean paying,
            @Nullable Instant workflowSeenAt) {}

    /** A claimed due mail, with its person. */
    public record Due(Person person, String step, Instant dueAt) {}

    /** A row of the send table, for the console. */
    public record Sent(
            UUID userId,
            String email,
            String step,
            String state,
            @Nullable String reason,
            Instant dueAt,
            @Nullable Instant settledAt) {}

    /** An operator's template. */
    public record TemplateRow(
            String step, String subject, String html, String text, boolean enabled, Instant updatedAt) {}

    private final JdbcClient jdbc;

    LifecycleRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Records a new person; false when they are known already (the signup event came twice). */
    public boolean insertPerson(UUID user, UUID workspace, String email, Instant signedUpAt, Instant firstCheck) {
        return jdbc.sql("""
                        INSERT INTO growth_lifecycle_person (user_id, workspace_id, email, signed_up_at, next_check_at)
                        VALUES (:user, :workspace, :email, :at, :check)
                        ON CONFLICT (user_id) DO NOTHING
                        """)
                        .param("user", user)
                        .param("workspace", workspace)
                        .param("email", email)
                        .param("at", utc(signedUpAt))
                        .param("check", utc(firstCheck))
                        .update()
                == 1;
    }

    public Optional<Person> person(UUID user) {
        return jdbc.sql("SELECT * FROM growth_lifecycle_person WHERE user_id = :user")
                .param("user", user)
                .query(LifecycleRepository::person)
                .optional();
    }

    public List<Person> peopleOfWorkspace(UUID workspace) {
        return jdbc.sql("SELECT * FROM growth_lifecycle_person WHERE workspace_id = :workspace")
                .param("workspace", workspace)
                .query(LifecycleRepository::person)
                .list();
    }

    public void setPaying(UUID workspace, boolean paying) {
        jdbc.sql("UPDATE growth_lifecycle_person SET paying = :paying WHERE workspace_id = :workspace")
                .param("workspace", workspace)
                .param("paying", paying)
                .update();
    }

    public void deleteWorkspace(UUID workspace) {
        jdbc.sql("DELETE FROM growth_lifecycle_person WHERE workspace_id = :workspace")
                .param("workspace", workspace)
                .update();
    }

    /** Inserts the step's row unless the person has one: the at-most-once key. True when this call inserted it. */
    public boolean schedule(UUID user, String step, Instant dueAt) {
        return jdbc.sql("""
                        INSERT INTO growth_lifecycle_send (user_id, step, due_at, state)
                        VALUES (:user, :step, :due, 'due')
                        ON CONFLICT (user_id, step) DO NOTHING
                        """)
                        .param("user", user)
                        .param("step", step)
                        .param("due", utc(dueAt))
                        .update()
                == 1;
    }

    /** Records a step decided without a mail (its condition did not hold when looked at), unless it has a row. */
    public void decideWithout(UUID user, String step, String reason, Instant at) {
        jdbc.sql("""
                        INSERT INTO growth_lifecycle_send (user_id, step, due_at, state, reason, settled_at)
                        VALUES (:user, :step, :at, 'skipped', :reason, :at)
                        ON CONFLICT (user_id, step) DO NOTHING
                        """)
                .param("user", user)
                .param("step", step)
                .param("reason", reason)
                .param("at", utc(at))
                .update();
    }

    public boolean has(UUID user, String step) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM growth_lifecycle_send WHERE user_id = :user AND step = :step)")
                .param("user", user)
                .param("step", step)
                .query(Boolean.class)
                .single();
    }

    // Claimed rows stay locked until the caller's transaction ends: another node skips them, and the row is settled
    // in the same transaction that puts the mail in the outbox, so a crash leaves it due and nothing sent.
    public List<Due> claimDue(Instant now, int limit) {
        return jdbc.sql("""
                        SELECT p.*, s.step, s.due_at
                          FROM growth_lifecycle_send s JOIN growth_lifecycle_person p USING (user_id)
                         WHERE s.state = 'due' AND s.due_at <= :now
                         ORDER BY s.due_at, s.user_id, s.step
                         LIMIT :limit
                           FOR UPDATE OF s SKIP LOCKED
                        """)
                .param("now", utc(now))
                .param("limit", limit)
                .query((rs, n) -> new Due(person(rs, n), rs.getString("step"), instant(rs, "due_at")))
                .list();
    }

    public void settle(UUID user, String step, String state, @Nullable String reason, @Nullable UUID mail, Instant at) {
        jdbc.sql("""
                        UPDATE growth_lifecycle_send SET state = :state, reason = :reason, mail_id = :mail,
                               settled_at = :at
                         WHERE user_id = :user AND step = :step AND state = 'due'
                        """)
                .param("user", user)
                .param("step", step)
                .param("state", state)
                .param("reason", reason)
                .param("mail", mail)
                .param("at", utc(at))
                .update();
    }

    public void postpone(UUID user, String step, Instant dueAt) {
        jdbc.sql(
                        "UPDATE growth_lifecycle_send SET due_at = :due WHERE user_id = :user AND step = :step AND state = 'due'")
                .param("user", user)
                .param("step", step)
                .param("due", utc(dueAt))
                .update();
    }

    /**
     * People whose nudge conditions are due to be looked at, locked for this transaction. NO KEY UPDATE: another
     * node skips them, while inserting a send row for them (its foreign key takes KEY SHARE) does not wait.
     */
    public List<Person> claimChecks(Instant now, int limit) {
        return jdbc.sql("""
                        SELECT * FROM growth_lifecycle_person
                         WHERE next_check_at <= :now
                         ORDER BY next_check_at, user_id
                         LIMIT :limit
                           FOR NO KEY UPDATE SKIP LOCKED
                        """)
                .param("now", utc(now))
                .param("limit", limit)
                .query(LifecycleRepository::person)
                .list();
    }

    public void checked(UUID user, @Nullable Instant next, @Nullable Instant workflowSeenAt, String timeZone) {
        jdbc.sql("""
                        UPDATE growth_lifecycle_person
                           SET next_check_at = :next, workflow_seen_at = COALESCE(workflow_seen_at, :seen),
                               time_zone = :zone
                         WHERE user_id = :user
                        """)
                .param("user", user)
                .param("next", next == null ? null : utc(next))
                .param("seen", workflowSeenAt == null ? null : utc(workflowSeenAt))
                .param("zone", timeZone)
                .update();
    }

    public List<Sent> recent(int limit) {
        return jdbc.sql("""
                        SELECT s.user_id, p.email, s.step, s.state, s.reason, s.due_at, s.settled_at
                          FROM growth_lifecycle_send s JOIN growth_lifecycle_person p USING (user_id)
                         ORDER BY COALESCE(s.settled_at, s.due_at) DESC, s.user_id, s.step
                         LIMIT :limit
                        """)
                .param("limit", limit)
                .query((rs, n) -> new Sent(
                        rs.getObject("user_id", UUID.class),
                        rs.getString("email"),
                        rs.getString("step"),
                        rs.getString("state"),
                        rs.getString("reason"),
                        instant(rs, "due_at"),
                        nullableInstant(rs, "settled_at")))
                .list();
    }

    public List<TemplateRow> templates() {
        return jdbc.sql("SELECT * FROM growth_lifecycle_template ORDER BY step")
                .query(LifecycleRepository::template)
                .list();
    }

    public Optional<TemplateRow> template(String step) {
        return jdbc.sql("SELECT * FROM growth_lifecycle_template WHERE step = :step")
                .param("step", step)
                .query(LifecycleRepository::template)
                .optional();
    }

    public void saveTemplate(TemplateRow row, @Nullable UUID by) {
        jdbc.sql("""
                        INSERT INTO growth_lifecycle_template (step, subject, body_html, body_text, enabled, updated_at,
                                                               updated_by)
                        VALUES (:step, :subject, :html, :text, :enabled, :at, :by)
                        ON CONFLICT (step) DO UPDATE
                           SET subject = EXCLUDED.subject, body_html = EXCLUDED.body_html,
                               body_text = EXCLUDED.body_text, enabled = EXCLUDED.enabled,
                               updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by
                        """)
                .param("step", row.step())
                .param("subject", row.subject())
                .param("html", row.html())
                .param("text", row.text())
                .param("enabled", row.enabled())
                .param("at", utc(row.updatedAt()))
                .param("by", by)
                .update();
    }

    public void deleteTemplate(String step) {
        jdbc.sql("DELETE FROM growth_lifecycle_template WHERE step = :step")
                .param("step", step)
                .update();
    }

    private static Person person(ResultSet rs, int n) throws SQLException {
        return new Person(
                rs.getObject("user_id", UUID.class),
                rs.getObject("workspace_id", UUID.class),
                rs.getString("email"),
                instant(rs, "signed_up_at"),
                rs.getString("time_zone"),
                rs.getBoolean("paying"),
                nullableInstant(rs, "workflow_seen_at"));
    }

    private static TemplateRow template(ResultSet rs, int n) throws SQLException {
        return new TemplateRow(
                rs.getString("step"),
                rs.getString("subject"),
                rs.getString("body_html"),
                rs.getString("body_text"),
                rs.getBoolean("enabled"),
                instant(rs, "updated_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    private static @Nullable Instant nullableInstant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
