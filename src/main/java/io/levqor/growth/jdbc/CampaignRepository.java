package io.levqor.growth.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Repository;

/**
 * Campaigns, their recipients and the per-channel send windows. The audience is read set-based from identity's
 * and billing's tables ({@code app_user}, {@code membership}, {@code billing_account}, {@code session}): a campaign
 * to 100,000 people is one {@code INSERT … SELECT}, which a facade call per person could not be. Read-only, and
 * only here.
 */
@Repository
public class CampaignRepository {

    /** The audience's filters; null or empty: not filtered on. */
    public record Filter(
            List<String> plans,
            @Nullable Instant signedUpAfter,
            @Nullable Instant signedUpBefore,
            @Nullable Instant activeSince,
            @Nullable Instant inactiveSince) {}

    /** A campaign as stored. */
    public record Row(
            UUID id,
            String name,
            String channel,
            String audience,
            @Nullable String subject,
            String body,
            @Nullable String html,
            boolean tracking,
            String status,
            Instant sendAt,
            @Nullable Integer total,
            UUID createdBy,
            Instant createdAt,
            @Nullable Instant startedAt,
            @Nullable Instant finishedAt) {}

    /** A recipient as claimed for sending. */
    public record Claimed(
            UUID userId, String address, @Nullable String name, String status, int attempts) {}

    /** What became of one claimed recipient. */
    public record Result(
            UUID userId,
            String status,
            @Nullable String providerId,
            @Nullable String error,
            @Nullable Instant nextAttemptAt) {}

    /** A recipient as shown to the operator. */
    public record RecipientRow(
            UUID userId,
            String address,
            @Nullable String name,
            String status,
            @Nullable String outcome,
            int attempts,
            @Nullable Instant sentAt,
            @Nullable String error) {}

    private final JdbcClient jdbc;

    CampaignRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(Row row) {
        jdbc.sql("""
                        INSERT INTO growth_campaign (id, name, channel, audience, subject, body, html, tracking, status,
                                                     send_at, created_by, created_at)
                        VALUES (:id, :name, :channel, CAST(:audience AS jsonb), :subject, :body, :html, :tracking,
                                'scheduled', :sendAt, :createdBy, :createdAt)
                        """)
                .param("id", row.id())
                .param("name", row.name())
                .param("channel", row.channel())
                .param("audience", row.audience())
                .param("subject", row.subject())
                .param("body", row.body())
                .param("html", row.html())
                .param("tracking", row.tracking())
                .param("sendAt", at(row.sendAt()))
                .param("createdBy", row.createdBy())
                .param("createdAt", at(row.createdAt()))
                .update();
    }

    private static final String COLUMNS = """
            id, name, channel, audience::text AS audience, subject, body, html, tracking, status, send_at, total,
            created_by, created_at, started_at, finished_at""";

    public Optional<Row> find(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM growth_campaign WHERE id = :id")
                .param("id", id)
                .query(CampaignRepository::row)
                .optional();
    }

    public List<Row> list(int limit, int offset) {
        return jdbc.sql("SELECT " + COLUMNS
                        + " FROM growth_campaign ORDER BY created_at DESC, id DESC LIMIT :limit OFFSET :offset")
                .param("limit", limit)
                .param("offset", offset)
                .query(CampaignRepository::row)
                .list();
    }

    /** Campaigns that are due to start or are sending, oldest first. */
    public List<Row> due(Instant now) {
        return jdbc.sql("SELECT " + COLUMNS + """
                         FROM growth_campaign
                        WHERE status IN ('scheduled', 'sending') AND send_at <= :now
                        ORDER BY send_at, id
                        """)
                .param("now", at(now))
                .query(CampaignRepository::row)
                .list();
    }

    /** Moves a scheduled campaign to sending; false when another node did (or it was cancelled). */
    public boolean start(UUID id, Instant now) {
        return jdbc.sql("""
                                UPDATE growth_campaign SET status = 'sending', started_at = :now
                                 WHERE id = :id AND status = 'scheduled'
                                """).param("id", id).param("now", at(now)).update() == 1;
    }

    public boolean cancel(UUID id, Instant now) {
        return jdbc.sql("""
                                UPDATE growth_campaign SET status = 'cancelled', finished_at = :now
                                 WHERE id = :id AND status IN ('scheduled', 'sending')
                                """).param("id", id).param("now", at(now)).update() == 1;
    }

    /** Marks a sending campaign sent once nothing is left to send; true if it did. */
    public boolean finishIfDone(UUID id, Instant now) {
        return jdbc.sql("""
                                UPDATE growth_campaign SET status = 'sent', finished_at = :now
                                 WHERE id = :id AND status = 'sending'
                                   AND NOT EXISTS (SELECT 1 FROM growth_campaign_recipient
                                                    WHERE campaign_id = :id AND status IN ('pending', 'sending'))
                                """).param("id", id).param("now", at(now)).update() == 1;
    }

    // The person's address on the channel, and the join that finds it: e-mail is the account's; SMS and WhatsApp
    // need a standing opt-in; push goes to the newest registered device.
    private static String source(String channel) {
        return switch (channel) {
            case "email" -> "app_user u";
            case "sms", "whatsapp" -> """
                    app_user u JOIN growth_phone_consent c
                      ON c.user_id = u.id AND c.channel = :channel AND c.withdrawn_at IS NULL""";
            case "push" -> """
                    app_user u JOIN LATERAL (SELECT d.token FROM growth_push_device d WHERE d.user_id = u.id
                                              ORDER BY d.registered_at DESC LIMIT 1) d ON true""";
            default -> throw new IllegalArgumentException("unknown channel " + channel);
        };
    }

    private static String address(String channel) {
        return switch (channel) {
            case "email" -> "lower(u.email)";
            case "sms", "whatsapp" -> "c.phone";
            case "push" -> "d.token";
            default -> throw new IllegalArgumentException("unknown channel " + channel);
        };
    }

    private static final String WHERE = """
             WHERE (:plans = '' OR EXISTS (SELECT 1 FROM membership m JOIN billing_account b ON b.tenant_id = m.tenant_id
                                          WHERE m.user_id = u.id AND b.plan = ANY (string_to_array(:plans, ','))))
               AND (CAST(:after AS timestamptz) IS NULL OR u.created_at >= CAST(:after AS timestamptz))
               AND (CAST(:before AS timestamptz) IS NULL OR u.created_at < CAST(:before AS timestamptz))
               AND (CAST(:activeSince AS timestamptz) IS NULL
                    OR EXISTS (SELECT 1 FROM session s WHERE s.user_id = u.id
                                 AND s.created_at >= CAST(:activeSince AS timestamptz)))
               AND (CAST(:inactiveSince AS timestamptz) IS NULL
                    OR NOT EXISTS (SELECT 1 FROM session s WHERE s.user_id = u.id
                                     AND s.created_at >= CAST(:inactiveSince AS timestamptz)))
            """;

    private JdbcClient.StatementSpec filtered(String sql, String channel, Filter filter) {
        return jdbc.sql(sql)
                .param("channel", channel)
                .param("plans", String.join(",", filter.plans()))
                .param("after", at(filter.signedUpAfter()))
                .param("before", at(filter.signedUpBefore()))
                .param("activeSince", at(filter.activeSince()))
                .param("inactiveSince", at(filter.inactiveSince()));
    }

    /** How many people the audience holds on the channel now, and how many of them are suppressed. */
    public long[] audienceSize(String channel, Filter filter) {
        String sql = "SELECT count(*) AS total, count(*) FILTER (WHERE EXISTS (SELECT 1 FROM growth_suppression x"
                + " WHERE x.channel = :channel AND x.address = " + address(channel) + ")) AS suppressed FROM "
                + source(channel) + WHERE;
        return filtered(sql, channel, filter)
                .query((rs, n) -> new long[] {rs.getLong("total"), rs.getLong("suppressed")})
                .single();
    }

    /** Writes the recipients of a campaign, set-based, suppressed ones marked as such; answers how many. */
    public int materialise(UUID campaign, String channel, Filter filter) {
        String sql = "INSERT INTO growth_campaign_recipient (campaign_id, user_id, address, name, status) SELECT"
                + " CAST(:campaign AS uuid), u.id, " + address(channel) + ", u.name, CASE WHEN EXISTS (SELECT 1 FROM"
                + " growth_suppression x WHERE x.channel = :channel AND x.address = " + address(channel)
                + ") THEN 'suppressed' ELSE 'pending' END FROM " + source(channel) + WHERE
                + " ON CONFLICT (campaign_id, user_id) DO NOTHING";
        int inserted =
                filtered(sql, channel, filter).param("campaign", campaign).update();
        jdbc.sql("UPDATE growth_campaign SET total = (SELECT count(*) FROM growth_campaign_recipient"
                        + " WHERE campaign_id = :id) WHERE id = :id")
                .param("id", campaign)
                .update();
        return inserted;
    }

    /** The messages a channel has taken in a window, the window's row locked until the transaction ends. */
    public int lockWindow(String channel, Instant windowStart) {
        jdbc.sql("""
                        INSERT INTO growth_send_window (channel, window_start, taken) VALUES (:channel, :start, 0)
                        ON CONFLICT (channel, window_start) DO NOTHING
                        """).param("channel", channel).param("start", at(windowStart)).update();
        return jdbc.sql("""
                        SELECT taken FROM growth_send_window WHERE channel = :channel AND window_start = :start
                           FOR UPDATE
                        """)
                .param("channel", channel)
                .param("start", at(windowStart))
                .query(Integer.class)
                .single();
    }

    public void take(String channel, Instant windowStart, int messages) {
        jdbc.sql("""
                        UPDATE growth_send_window SET taken = taken + :messages
                         WHERE channel = :channel AND window_start = :start
                        """)
                .param("channel", channel)
                .param("start", at(windowStart))
                .param("messages", messages)
                .update();
    }

    /** The throttle's accounting of a channel since a time: messages taken per window. */
    public Map<Instant, Integer> windows(String channel, Instant since) {
        Map<Instant, Integer> windows = new LinkedHashMap<>();
        jdbc.sql("""
                        SELECT window_start, taken FROM growth_send_window
                         WHERE channel = :channel AND window_start >= :since ORDER BY window_start
                        """)
                .param("channel", channel)
                .param("since", at(since))
                .query((rs, n) -> windows.put(
                        rs.getObject("window_start", OffsetDateTime.class).toInstant(), rs.getInt("taken")))
                .list();
        return windows;
    }

    public int forgetWindows(Instant before) {
        return jdbc.sql("DELETE FROM growth_send_window WHERE window_start < :before")
                .param("before", at(before))
                .update();
    }

    /**
     * Claims up to {@code limit} due pending recipients for a sender (rows another sender holds are skipped), and
     * marks each {@code sending} — or {@code suppressed} when its address was suppressed, or its SMS/WhatsApp opt-in
     * withdrawn, since the campaign started. Committed before any provider call.
     */
    public List<Claimed> claim(UUID campaign, String channel, UUID sender, Instant now, int limit) {
        return jdbc.sql("""
                        WITH picked AS (
                            SELECT user_id FROM growth_campaign_recipient
                             WHERE campaign_id = :campaign AND status = 'pending'
                               AND (next_attempt_at IS NULL OR next_attempt_at <= :now)
                             ORDER BY user_id
                             LIMIT :limit
                               FOR UPDATE SKIP LOCKED)
                        UPDATE growth_campaign_recipient r
                           SET status = CASE
                                   WHEN EXISTS (SELECT 1 FROM growth_suppression x
                                                 WHERE x.channel = :channel AND x.address = r.address)
                                     OR (:channel IN ('sms', 'whatsapp') AND NOT EXISTS (
                                             SELECT 1 FROM growth_phone_consent c
                                              WHERE c.user_id = r.user_id AND c.channel = :channel
                                                AND c.phone = r.address AND c.withdrawn_at IS NULL))
                                   THEN 'suppressed' ELSE 'sending' END,
                               claimed_by = :sender, claimed_at = :now, attempts = r.attempts + 1
                          FROM picked
                         WHERE r.campaign_id = :campaign AND r.user_id = picked.user_id
                        RETURNING r.user_id, r.address, r.name, r.status, r.attempts
                        """)
                .param("campaign", campaign)
                .param("channel", channel)
                .param("sender", sender)
                .param("now", at(now))
                .param("limit", limit)
                .query((rs, n) -> new Claimed(
                        rs.getObject("user_id", UUID.class),
                        rs.getString("address"),
                        rs.getString("name"),
                        rs.getString("status"),
                        rs.getInt("attempts")))
                .list();
    }

    /** Records what became of a sender's claimed recipients, in one statement; rows it no longer holds are left. */
    public int record(UUID campaign, UUID sender, Instant now, List<Result> results) {
        if (results.isEmpty()) {
            return 0;
        }
        return jdbc.sql("""
                        UPDATE growth_campaign_recipient r
                           SET status = v.status, provider_id = coalesce(v.provider_id, r.provider_id),
                               error = v.error, next_attempt_at = v.next_at, claimed_by = NULL,
                               sent_at = CASE WHEN v.status = 'sent' THEN :now ELSE r.sent_at END
                          FROM unnest(CAST(:users AS uuid[]), CAST(:statuses AS text[]), CAST(:providers AS text[]),
                                      CAST(:errors AS text[]), CAST(:nexts AS timestamptz[]))
                               AS v(user_id, status, provider_id, error, next_at)
                         WHERE r.campaign_id = :campaign AND r.user_id = v.user_id
                           AND r.status = 'sending' AND r.claimed_by = :sender
                        """)
                .param("campaign", campaign)
                .param("sender", sender)
                .param("now", at(now))
                .param("users", text(results.stream().map(Result::userId).toList()))
                .param("statuses", text(results.stream().map(Result::status).toList()))
                .param(
                        "providers",
                        text(results.stream().map(Result::providerId).toList()))
                .param("errors", text(results.stream().map(Result::error).toList()))
                .param(
                        "nexts",
                        text(results.stream()
                                .map(r -> r.nextAttemptAt() == null
                                        ? null
                                        : r.nextAttemptAt().toString())
                                .toList()))
                .update();
    }

    /**
     * Recipients whose sender died holding them (claimed before {@code cutoff}, still {@code sending}): when the
     * provider call cannot have left the building (e-mail: the outbox insert and the record are one transaction)
     * they go back to pending; otherwise the call may have been made, so they are {@code unknown}, never resent.
     */
    public int expire(UUID campaign, boolean transactional, Instant cutoff) {
        return jdbc.sql("""
                        UPDATE growth_campaign_recipient
                           SET status = CASE WHEN :transactional THEN 'pending' ELSE 'unknown' END,
                               claimed_by = NULL,
                               attempts = CASE WHEN :transactional THEN attempts - 1 ELSE attempts END,
                               error = CASE WHEN :transactional THEN error
                                            ELSE 'the sender stopped during the provider call; not sent again' END
                         WHERE campaign_id = :campaign AND status = 'sending' AND claimed_at < :cutoff
                        """)
                .param("campaign", campaign)
                .param("transactional", transactional)
                .param("cutoff", at(cutoff))
                .update();
    }

    /** Recipients per status and per outcome. */
    public Map<String, Long> counts(UUID campaign) {
        Map<String, Long> counts = new LinkedHashMap<>();
        jdbc.sql("""
                        SELECT 'status:' || status AS k, count(*) AS n FROM growth_campaign_recipient
                         WHERE campaign_id = :campaign GROUP BY status
                        UNION ALL
                        SELECT 'outcome:' || outcome, count(*) FROM growth_campaign_recipient
                         WHERE campaign_id = :campaign AND outcome IS NOT NULL GROUP BY outcome
                        """)
                .param("campaign", campaign)
                .query((rs, n) -> counts.put(rs.getString("k"), rs.getLong("n")))
                .list();
        return counts;
    }

    public List<RecipientRow> recipients(UUID campaign, @Nullable String status, int limit, int offset) {
        return jdbc.sql("""
                        SELECT user_id, address, name, status, outcome, attempts, sent_at, error
                          FROM growth_campaign_recipient
                         WHERE campaign_id = :campaign AND (CAST(:status AS text) IS NULL OR status = :status
                                                            OR outcome = :status)
                         ORDER BY user_id LIMIT :limit OFFSET :offset
                        """)
                .param("campaign", campaign)
                .param("status", status)
                .param("limit", limit)
                .param("offset", offset)
                .query((rs, n) -> new RecipientRow(
                        rs.getObject("user_id", UUID.class),
                        rs.getString("address"),
                        rs.getString("name"),
                        rs.getString("status"),
                        rs.getString("outcome"),
                        rs.getInt("attempts"),
                        instant(rs, "sent_at"),
                        rs.getString("error")))
                .list();
    }

    // Outcomes only move forward: delivered < opened < clicked; failed, bounced and unsubscribed replace delivered
    // but never an open or a click the person made.
    private static final String OUTCOME = """
            UPDATE growth_campaign_recipient SET outcome = :outcome
             WHERE %s
               AND status IN ('sent', 'unknown')
               AND (CASE :outcome WHEN 'delivered' THEN outcome IS NULL
                                  WHEN 'opened' THEN outcome IS NULL OR outcome IN ('delivered', 'failed')
                                  WHEN 'clicked' THEN outcome IS DISTINCT FROM 'clicked'
                                  WHEN 'unsubscribed' THEN outcome IS DISTINCT FROM 'unsubscribed'
                                  ELSE outcome IS NULL OR outcome = 'delivered' END)
            """;

    /** Records a provider's report on a message it accepted; the count of recipients it named. */
    public int outcomeByProvider(String channel, String providerId, String outcome) {
        return jdbc.sql(OUTCOME.formatted("provider_id = :provider AND campaign_id IN"
                        + " (SELECT id FROM growth_campaign WHERE channel = :channel)"))
                .param("provider", providerId)
                .param("channel", channel)
                .param("outcome", outcome)
                .update();
    }

    public int outcome(UUID campaign, UUID user, String outcome) {
        return jdbc.sql(OUTCOME.formatted("campaign_id = :campaign AND user_id = :user"))
                .param("campaign", campaign)
                .param("user", user)
                .param("outcome", outcome)
                .update();
    }

    private static Row row(ResultSet rs, int n) throws SQLException {
        Object total = rs.getObject("total");
        return new Row(
                rs.getObject("id", UUID.class),
                rs.getString("name"),
                rs.getString("channel"),
                rs.getString("audience"),
                rs.getString("subject"),
                rs.getString("body"),
                rs.getString("html"),
                rs.getBoolean("tracking"),
                rs.getString("status"),
                rs.getObject("send_at", OffsetDateTime.class).toInstant(),
                total == null ? null : ((Number) total).intValue(),
                rs.getObject("created_by", UUID.class),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                instant(rs, "started_at"),
                instant(rs, "finished_at"));
    }

    private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime at = rs.getObject(column, OffsetDateTime.class);
        return at == null ? null : at.toInstant();
    }

    private static @Nullable OffsetDateTime at(@Nullable Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static SqlArrayValue text(List<?> values) {
        Object[] array = new Object[values.size()];
        for (int i = 0; i < array.length; i++) {
            Object value = values.get(i);
            array[i] = value == null ? null : value.toString();
        }
        return new SqlArrayValue("text", array);
    }
}
