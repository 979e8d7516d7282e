package io.levqor.ops.alerts.jdbc;

import io.levqor.ops.alerts.Alert;
import io.levqor.ops.alerts.Silence;
import io.levqor.shared.WorkspaceId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Alerts, silences, the notification log and the failed runs the rate rules count. */
@Repository
public class AlertRepository {

    /** A workspace's subscription, its destination still sealed. */
    public record SubscriptionRow(
            WorkspaceId workspace, String type, byte[] destination, Instant updatedAt, String updatedBy) {}

    /** How many runs of one workflow failed. */
    public record WorkflowFailures(WorkspaceId workspace, UUID workflowId, long failed) {}

    /** What one channel was last told about one group; {@code firing} is empty once it was told "resolved". */
    public record LogEntry(String groupKey, String channel, String firing, Instant sentAt) {}

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, String>> LABELS = new TypeReference<>() {};
    private static final TypeReference<List<Silence.Matcher>> MATCHERS = new TypeReference<>() {};

    private final JdbcClient jdbc;

    public AlertRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    // ---- evaluation

    /**
     * Takes the evaluation lock for the current transaction; false while another node holds it (that node is
     * evaluating, so this one skips the round).
     */
    public boolean tryEvaluationLock() {
        return Boolean.TRUE.equals(jdbc.sql("SELECT pg_try_advisory_xact_lock(hashtext('levqor.ops.alerts.evaluate'))")
                .query(Boolean.class)
                .single());
    }

    public List<Alert> firing() {
        return jdbc.sql("SELECT * FROM ops_alert WHERE state = 'firing' ORDER BY starts_at, fingerprint")
                .query(AlertRepository::alert)
                .list();
    }

    /** The newest alerts in {@code state} (both when null), newest first. */
    public List<Alert> history(@Nullable String state, int limit) {
        return jdbc.sql("""
                        SELECT * FROM ops_alert
                         WHERE (CAST(:state AS text) IS NULL OR state = :state)
                         ORDER BY starts_at DESC, id
                         LIMIT :limit
                        """)
                .param("state", state)
                .param("limit", limit)
                .query(AlertRepository::alert)
                .list();
    }

    /** Opens a firing alert unless its fingerprint already fires; true when this call opened it. */
    public boolean open(
            UUID id,
            String fingerprint,
            String name,
            String severity,
            Map<String, String> labels,
            Map<String, String> annotations,
            Instant now) {
        return jdbc.sql("""
                        INSERT INTO ops_alert (id, fingerprint, name, severity, labels, annotations, state,
                                               starts_at, updated_at)
                        VALUES (:id, :fingerprint, :name, :severity, CAST(:labels AS jsonb),
                                CAST(:annotations AS jsonb), 'firing', :now, :now)
                        ON CONFLICT (fingerprint) WHERE state = 'firing' DO NOTHING
                        """)
                        .param("id", id)
                        .param("fingerprint", fingerprint)
                        .param("name", name)
                        .param("severity", severity)
                        .param("labels", JSON.writeValueAsString(labels))
                        .param("annotations", JSON.writeValueAsString(annotations))
                        .param("now", at(now))
                        .update()
                == 1;
    }

    /** Keeps a firing alert's annotations current (the rate they quote changes while it fires). */
    public void refresh(String fingerprint, Map<String, String> annotations, Instant now) {
        jdbc.sql("""
                        UPDATE ops_alert SET annotations = CAST(:annotations AS jsonb), updated_at = :now
                         WHERE fingerprint = :fingerprint AND state = 'firing'
                        """)
                .param("fingerprint", fingerprint)
                .param("annotations", JSON.writeValueAsString(annotations))
                .param("now", at(now))
                .update();
    }

    public void resolve(String fingerprint, Instant now) {
        jdbc.sql("""
                        UPDATE ops_alert SET state = 'resolved', ends_at = :now, updated_at = :now
                         WHERE fingerprint = :fingerprint AND state = 'firing'
                        """).param("fingerprint", fingerprint).param("now", at(now)).update();
    }

    public Map<String, Long> firingBySeverity() {
        Map<String, Long> counts = new HashMap<>();
        jdbc.sql("SELECT severity, count(*) AS n FROM ops_alert WHERE state = 'firing' GROUP BY severity")
                .query((rs, n) -> counts.put(rs.getString("severity"), rs.getLong("n")))
                .list();
        return counts;
    }

    // ---- failed runs (operator-wide aggregates: every workspace on purpose)

    /** Records a failed run once, however often its event is delivered. */
    public void recordFailure(WorkspaceId workspace, UUID runId, UUID workflowId, Instant failedAt) {
        jdbc.sql("""
                        INSERT INTO ops_alert_run_failure (tenant_id, run_id, workflow_id, failed_at)
                        VALUES (:tenant, :run, :workflow, :failedAt)
                        ON CONFLICT (tenant_id, run_id) DO NOTHING
                        """)
                .param("tenant", workspace.value())
                .param("run", runId)
                .param("workflow", workflowId)
                .param("failedAt", at(failedAt))
                .update();
    }

    public Map<WorkspaceId, Long> failuresPerWorkspace(Instant since) {
        Map<WorkspaceId, Long> counts = new HashMap<>();
        jdbc.sql("""
                        SELECT tenant_id, count(*) AS n FROM ops_alert_run_failure
                         WHERE failed_at >= :since
                         GROUP BY tenant_id
                        """)
                .param("since", at(since))
                .query((rs, n) -> counts.put(new WorkspaceId(rs.getObject("tenant_id", UUID.class)), rs.getLong("n")))
                .list();
        return counts;
    }

    /**
     * Forgets failed runs older than {@code before} and log entries older than {@code logBefore}: a live firing
     * group's entry is rewritten at every repeat, so an older one belongs to a group long resolved or to a channel
     * that is gone (were it neither, the group would be notified afresh).
     */
    public void prune(Instant before, Instant logBefore) {
        jdbc.sql("DELETE FROM ops_alert_run_failure WHERE failed_at < :before")
                .param("before", at(before))
                .update();
        jdbc.sql("DELETE FROM ops_alert_notification WHERE sent_at < :before")
                .param("before", at(logBefore))
                .update();
    }

    // ---- workspace subscriptions

    public void saveSubscription(WorkspaceId workspace, String type, byte[] destination, Instant now, String by) {
        jdbc.sql("""
                        INSERT INTO ops_alert_subscription (tenant_id, type, destination, updated_at, updated_by)
                        VALUES (:tenant, :type, :destination, :now, :by)
                        ON CONFLICT (tenant_id) DO UPDATE
                           SET type = EXCLUDED.type, destination = EXCLUDED.destination,
                               updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by
                        """)
                .param("tenant", workspace.value())
                .param("type", type)
                .param("destination", destination)
                .param("now", at(now))
                .param("by", by)
                .update();
    }

    public Optional<SubscriptionRow> subscription(WorkspaceId workspace) {
        return jdbc.sql("SELECT * FROM ops_alert_subscription WHERE tenant_id = :tenant")
                .param("tenant", workspace.value())
                .query(AlertRepository::subscription)
                .optional();
    }

    /** Every workspace's subscription (the notifier's round, across workspaces on purpose). */
    public List<SubscriptionRow> subscriptions() {
        return jdbc.sql("SELECT * FROM ops_alert_subscription ORDER BY tenant_id")
                .query(AlertRepository::subscription)
                .list();
    }

    public boolean deleteSubscription(WorkspaceId workspace) {
        return jdbc.sql("DELETE FROM ops_alert_subscription WHERE tenant_id = :tenant")
                        .param("tenant", workspace.value())
                        .update()
                == 1;
    }

    /** Failed runs per workflow since {@code since}, for the workspaces that subscribed only. */
    public List<WorkflowFailures> failuresOfSubscribedWorkflows(Instant since) {
        return jdbc.sql("""
                        SELECT f.tenant_id, f.workflow_id, count(*) AS n
                          FROM ops_alert_run_failure f
                          JOIN ops_alert_subscription s ON s.tenant_id = f.tenant_id
                         WHERE f.failed_at >= :since
                         GROUP BY f.tenant_id, f.workflow_id
                        """)
                .param("since", at(since))
                .query((rs, n) -> new WorkflowFailures(
                        new WorkspaceId(rs.getObject("tenant_id", UUID.class)),
                        rs.getObject("workflow_id", UUID.class),
                        rs.getLong("n")))
                .list();
    }

    private static SubscriptionRow subscription(ResultSet rs, int row) throws SQLException {
        return new SubscriptionRow(
                new WorkspaceId(rs.getObject("tenant_id", UUID.class)),
                rs.getString("type"),
                rs.getBytes("destination"),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant(),
                rs.getString("updated_by"));
    }

    // ---- silences

    public void insertSilence(Silence silence) {
        jdbc.sql("""
                        INSERT INTO ops_alert_silence (id, matchers, starts_at, ends_at, created_by, comment, created_at)
                        VALUES (:id, CAST(:matchers AS jsonb), :startsAt, :endsAt, :createdBy, :comment, :createdAt)
                        """)
                .param("id", silence.id())
                .param("matchers", JSON.writeValueAsString(silence.matchers()))
                .param("startsAt", at(silence.startsAt()))
                .param("endsAt", at(silence.endsAt()))
                .param("createdBy", silence.createdBy())
                .param("comment", silence.comment())
                .param("createdAt", at(silence.createdAt()))
                .update();
    }

    /** Silences that end after {@code after} (all when null), newest first. */
    public List<Silence> silences(@Nullable Instant after, int limit) {
        return jdbc.sql("""
                        SELECT * FROM ops_alert_silence
                         WHERE (CAST(:after AS timestamptz) IS NULL OR ends_at > :after)
                         ORDER BY created_at DESC, id
                         LIMIT :limit
                        """)
                .param("after", after == null ? null : at(after))
                .param("limit", limit)
                .query(AlertRepository::silence)
                .list();
    }

    public Optional<Silence> silence(UUID id) {
        return jdbc.sql("SELECT * FROM ops_alert_silence WHERE id = :id")
                .param("id", id)
                .query(AlertRepository::silence)
                .optional();
    }

    /** Ends a silence now (kept for the record); false when it had already ended. */
    public boolean expire(UUID id, Instant now) {
        return jdbc.sql("UPDATE ops_alert_silence SET ends_at = :now WHERE id = :id AND ends_at > :now")
                        .param("id", id)
                        .param("now", at(now))
                        .update()
                == 1;
    }

    // ---- the notification log

    public List<LogEntry> log() {
        return jdbc.sql("SELECT * FROM ops_alert_notification")
                .query((rs, n) -> new LogEntry(
                        rs.getString("group_key"),
                        rs.getString("channel"),
                        rs.getString("firing"),
                        rs.getObject("sent_at", OffsetDateTime.class).toInstant()))
                .list();
    }

    /**
     * Claims the right to send: the entry moves from {@code previous} (null: there was none) to {@code firing} at
     * {@code now} only if nobody moved it meanwhile. True for the one caller that wins.
     */
    public boolean claim(String groupKey, String channel, @Nullable LogEntry previous, String firing, Instant now) {
        if (previous == null) {
            return jdbc.sql("""
                            INSERT INTO ops_alert_notification (group_key, channel, firing, sent_at)
                            VALUES (:group, :channel, :firing, :now)
                            ON CONFLICT (group_key, channel) DO NOTHING
                            """)
                            .param("group", groupKey)
                            .param("channel", channel)
                            .param("firing", firing)
                            .param("now", at(now))
                            .update()
                    == 1;
        }
        return jdbc.sql("""
                        UPDATE ops_alert_notification SET firing = :firing, sent_at = :now
                         WHERE group_key = :group AND channel = :channel
                           AND firing = :previousFiring AND sent_at = :previousSentAt
                        """)
                        .param("group", groupKey)
                        .param("channel", channel)
                        .param("firing", firing)
                        .param("now", at(now))
                        .param("previousFiring", previous.firing())
                        .param("previousSentAt", at(previous.sentAt()))
                        .update()
                == 1;
    }

    /** Gives a claim back after the send failed, so that the next round (on any node) tries again. */
    public void unclaim(String groupKey, String channel, @Nullable LogEntry previous, String firing, Instant now) {
        if (previous == null) {
            jdbc.sql("""
                            DELETE FROM ops_alert_notification
                             WHERE group_key = :group AND channel = :channel AND firing = :firing AND sent_at = :now
                            """)
                    .param("group", groupKey)
                    .param("channel", channel)
                    .param("firing", firing)
                    .param("now", at(now))
                    .update();
            return;
        }
        jdbc.sql("""
                        UPDATE ops_alert_notification SET firing = :previousFiring, sent_at = :previousSentAt
                         WHERE group_key = :group AND channel = :channel AND firing = :firing AND sent_at = :now
                        """)
                .param("group", groupKey)
                .param("channel", channel)
                .param("firing", firing)
                .param("now", at(now))
                .param("previousFiring", previous.firing())
                .param("previousSentAt", at(previous.sentAt()))
                .update();
    }

    private static Alert alert(ResultSet rs, int row) throws SQLException {
        OffsetDateTime ends = rs.getObject("ends_at", OffsetDateTime.class);
        return new Alert(
                rs.getObject("id", UUID.class),
                rs.getString("fingerprint"),
                rs.getString("name"),
                rs.getString("severity"),
                JSON.readValue(rs.getString("labels"), LABELS),
                JSON.readValue(rs.getString("annotations"), LABELS),
                rs.getString("state"),
                rs.getObject("starts_at", OffsetDateTime.class).toInstant(),
                ends == null ? null : ends.toInstant());
    }

    private static Silence silence(ResultSet rs, int row) throws SQLException {
        return new Silence(
                rs.getObject("id", UUID.class),
                JSON.readValue(rs.getString("matchers"), MATCHERS),
                rs.getObject("starts_at", OffsetDateTime.class).toInstant(),
                rs.getObject("ends_at", OffsetDateTime.class).toInstant(),
                rs.getString("created_by"),
                rs.getString("comment"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant());
    }

    private static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
