package io.levqor.growth.jdbc;

import io.levqor.growth.ReferralView;
import io.levqor.shared.UserId;
import io.levqor.shared.WorkspaceId;
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

/** Referrals: who brought whom, and where each stands ({@code pending → rewarded | flagged | rejected}). */
@Repository
public class ReferralRepository {

    /** A referral as the reward decision needs it. */
    public record ReferralRow(
            WorkspaceId tenant,
            UUID id,
            UserId referrer,
            UserId referred,
            WorkspaceId referredWorkspace,
            byte[] referredEmailHash,
            String referredDomain,
            @Nullable String signupIp,
            String status,
            Instant createdAt) {}

    /** The counts of one referrer's referrals. */
    public record Counts(long invited, long rewarded, long pending, long flagged) {}

    private final JdbcClient jdbc;

    public ReferralRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private static final String INSERT = """
            INSERT INTO referral (tenant_id, id, referrer_user_id, referred_user_id, referred_workspace,
                                  referred_email_hash, referred_domain, signup_ip, status, created_at)
            VALUES (:tenantId, :id, :referrer, :referred, :referredWorkspace, :emailHash, :domain, :ip, 'pending', :now)
            ON CONFLICT DO NOTHING
            """;

    /** False when this person (user or canonical address) was referred before: a person is referred once, ever. */
    public boolean insert(
            WorkspaceId tenant,
            UUID id,
            UserId referrer,
            UserId referred,
            WorkspaceId referredWorkspace,
            byte[] emailHash,
            String domain,
            @Nullable String ip,
            Instant now) {
        return jdbc.sql(INSERT)
                        .param("tenantId", tenant.value())
                        .param("id", id)
                        .param("referrer", referrer.value())
                        .param("referred", referred.value())
                        .param("referredWorkspace", referredWorkspace.value())
                        .param("emailHash", emailHash)
                        .param("domain", domain)
                        .param("ip", ip)
                        .param("now", now.atOffset(ZoneOffset.UTC))
                        .update()
                == 1;
    }

    private static final String COLUMNS = """
            tenant_id, id, referrer_user_id, referred_user_id, referred_workspace, referred_email_hash,
            referred_domain, signup_ip, status, created_at
            """;

    // By the referred user alone: the verification event names a user, not the referrer's workspace; the column is
    // unique across workspaces. The row lock makes concurrent deliveries of one event decide one after another.
    private static final String LOCK_BY_REFERRED =
            "SELECT " + COLUMNS + " FROM referral WHERE referred_user_id = :referred FOR UPDATE";

    public Optional<ReferralRow> lockByReferred(UserId referred) {
        return jdbc.sql(LOCK_BY_REFERRED)
                .param("referred", referred.value())
                .query(ReferralRepository::row)
                .optional();
    }

    // By id alone: the operator reviews every workspace's referrals.
    private static final String LOCK_BY_ID = "SELECT " + COLUMNS + " FROM referral WHERE id = :id FOR UPDATE";

    public Optional<ReferralRow> lockById(UUID id) {
        return jdbc.sql(LOCK_BY_ID)
                .param("id", id)
                .query(ReferralRepository::row)
                .optional();
    }

    private static final String REWARDS_SINCE = """
            SELECT count(*) FROM referral
             WHERE tenant_id = :tenantId AND referrer_user_id = :referrer AND rewarded_at >= :since
            """;

    public long rewardsSince(WorkspaceId tenant, UserId referrer, Instant since) {
        return jdbc.sql(REWARDS_SINCE)
                .param("tenantId", tenant.value())
                .param("referrer", referrer.value())
                .param("since", since.atOffset(ZoneOffset.UTC))
                .query(Long.class)
                .single();
    }

    private static final String MOVE = """
            UPDATE referral
               SET status = :to, rule = coalesce(:rule, rule), verified_at = coalesce(verified_at, :verifiedAt),
                   decided_at = coalesce(:decidedAt, decided_at), decided_by = coalesce(:decidedBy, decided_by),
                   rewarded_at = CASE WHEN :to = 'rewarded' THEN :now ELSE rewarded_at END
             WHERE tenant_id = :tenantId AND id = :id AND status = :from
            """;

    /**
     * Moves a referral from one status to another; false when it was no longer in {@code from} (decided already).
     *
     * @param verifiedAt set on the decision made at verification, null for the operator's
     * @param decidedBy the operator, null for a rule's decision
     */
    public boolean move(
            WorkspaceId tenant,
            UUID id,
            String from,
            String to,
            @Nullable String rule,
            Instant now,
            @Nullable Instant verifiedAt,
            @Nullable UserId decidedBy) {
        return jdbc.sql(MOVE)
                        .param("tenantId", tenant.value())
                        .param("id", id)
                        .param("from", from)
                        .param("to", to)
                        .param("rule", rule, java.sql.Types.VARCHAR)
                        .param("now", now.atOffset(ZoneOffset.UTC))
                        .param("verifiedAt", utc(verifiedAt), java.sql.Types.TIMESTAMP_WITH_TIMEZONE)
                        .param(
                                "decidedAt",
                                decidedBy == null ? null : now.atOffset(ZoneOffset.UTC),
                                java.sql.Types.TIMESTAMP_WITH_TIMEZONE)
                        .param("decidedBy", decidedBy == null ? null : decidedBy.value(), java.sql.Types.OTHER)
                        .update()
                == 1;
    }

    private static final String CLOSE_WORKSPACE = """
            UPDATE referral SET status = 'rejected', rule = 'workspace-deleted', decided_at = :now
             WHERE tenant_id = :tenantId AND status IN ('pending', 'flagged')
            """;

    /**
     * A deleted workspace earns nothing more: its open referrals are rejected. The rows stay, since they are what
     * keeps each referred person from being referred a second time.
     */
    public int closeWorkspace(WorkspaceId tenant, Instant now) {
        return jdbc.sql(CLOSE_WORKSPACE)
                .param("tenantId", tenant.value())
                .param("now", now.atOffset(ZoneOffset.UTC))
                .update();
    }

    private static final String COUNTS = """
            SELECT count(*) AS invited,
                   count(*) FILTER (WHERE status = 'rewarded') AS rewarded,
                   count(*) FILTER (WHERE status = 'pending') AS pending,
                   count(*) FILTER (WHERE status = 'flagged') AS flagged
              FROM referral
             WHERE tenant_id = :tenantId AND referrer_user_id = :referrer
            """;

    public Counts counts(WorkspaceId tenant, UserId referrer) {
        return jdbc.sql(COUNTS)
                .param("tenantId", tenant.value())
                .param("referrer", referrer.value())
                .query((rs, n) -> new Counts(
                        rs.getLong("invited"), rs.getLong("rewarded"), rs.getLong("pending"), rs.getLong("flagged")))
                .single();
    }

    // The operator's list across workspaces; ids are UUIDv7, so ordering by id is ordering by creation.
    private static final String PAGE = """
            SELECT tenant_id, id, referrer_user_id, referred_user_id, referred_domain, status, rule, created_at,
                   verified_at, decided_at, rewarded_at
              FROM referral
             WHERE status = :status AND id < :before
             ORDER BY id DESC
             LIMIT :limit
            """;

    public List<ReferralView> page(String status, UUID before, int limit) {
        return jdbc.sql(PAGE)
                .param("status", status)
                .param("before", before)
                .param("limit", limit)
                .query(ReferralRepository::view)
                .list();
    }

    // By id alone: the operator's answer after a decision, across workspaces.
    private static final String VIEW = """
            SELECT tenant_id, id, referrer_user_id, referred_user_id, referred_domain, status, rule, created_at,
                   verified_at, decided_at, rewarded_at
              FROM referral
             WHERE id = :id
            """;

    public ReferralView view(UUID id) {
        return jdbc.sql(VIEW).param("id", id).query(ReferralRepository::view).single();
    }

    private static ReferralRow row(ResultSet rs, int n) throws SQLException {
        return new ReferralRow(
                new WorkspaceId(rs.getObject("tenant_id", UUID.class)),
                rs.getObject("id", UUID.class),
                new UserId(rs.getObject("referrer_user_id", UUID.class)),
                new UserId(rs.getObject("referred_user_id", UUID.class)),
                new WorkspaceId(rs.getObject("referred_workspace", UUID.class)),
                rs.getBytes("referred_email_hash"),
                rs.getString("referred_domain"),
                rs.getString("signup_ip"),
                rs.getString("status"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant());
    }

    private static ReferralView view(ResultSet rs, int n) throws SQLException {
        return new ReferralView(
                rs.getObject("id", UUID.class),
                rs.getObject("tenant_id", UUID.class),
                rs.getObject("referrer_user_id", UUID.class),
                rs.getObject("referred_user_id", UUID.class),
                rs.getString("referred_domain"),
                rs.getString("status"),
                rs.getString("rule"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                instant(rs.getObject("verified_at", OffsetDateTime.class)),
                instant(rs.getObject("decided_at", OffsetDateTime.class)),
                instant(rs.getObject("rewarded_at", OffsetDateTime.class)));
    }

    private static @Nullable Instant instant(@Nullable OffsetDateTime value) {
        return value == null ? null : value.toInstant();
    }

    private static @Nullable OffsetDateTime utc(@Nullable Instant value) {
        return value == null ? null : value.atOffset(ZoneOffset.UTC);
    }
}
