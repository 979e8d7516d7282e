package io.levqor.growth.jdbc;

import io.levqor.shared.UserId;
import io.levqor.shared.WorkspaceId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Partners, the clicks on their links and the workspaces attributed to them. */
@Repository
public class PartnerRepository {

    /** A partner's row. */
    public record PartnerRow(
            WorkspaceId tenant,
            UUID id,
            UserId user,
            String code,
            String status,
            int rateBps,
            int months,
            @Nullable String website,
            @Nullable String connectedAccount,
            boolean payoutsPaused,
            Instant createdAt,
            @Nullable Instant decidedAt) {}

    /** A workspace attributed to a partner. */
    public record AttributionRow(
            WorkspaceId customer, UUID partner, String source, Instant touchedAt, Instant attributedAt) {}

    private static final String COLUMNS = """
            tenant_id, id, user_id, code, status, rate_bps, months, website, connected_account, payouts_paused,
            created_at, decided_at
            """;

    private final JdbcClient jdbc;

    public PartnerRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private static final String INSERT = """
            INSERT INTO partner (tenant_id, id, user_id, code, status, rate_bps, months, website, created_at)
            VALUES (:tenantId, :id, :userId, :code, 'pending', :rate, :months, :website, :now)
            ON CONFLICT DO NOTHING
            """;

    /** False when the user already applied in this workspace or the code is taken (the caller looks again). */
    public boolean insert(
            WorkspaceId tenant,
            UUID id,
            UserId user,
            String code,
            int rateBps,
            int months,
            @Nullable String website,
            Instant now) {
        return jdbc.sql(INSERT)
                        .param("tenantId", tenant.value())
                        .param("id", id)
                        .param("userId", user.value())
                        .param("code", code)
                        .param("rate", rateBps)
                        .param("months", months)
                        .param("website", website)
                        .param("now", now.atOffset(ZoneOffset.UTC))
                        .update()
                == 1;
    }

    public Optional<PartnerRow> findByUser(WorkspaceId tenant, UserId user) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM partner WHERE tenant_id = :tenantId AND user_id = :userId")
                .param("tenantId", tenant.value())
                .param("userId", user.value())
                .query(PartnerRepository::row)
                .optional();
    }

    // By the code alone: a click or a signup names a code, not a workspace; the code is unique.
    public Optional<PartnerRow> findByCode(String code) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM partner WHERE code = :code")
                .param("code", code)
                .query(PartnerRepository::row)
                .optional();
    }

    // The operator's and the ledger's access by id: partners are platform-wide, like their codes.
    public Optional<PartnerRow> find(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM partner WHERE id = :id")
                .param("id", id)
                .query(PartnerRepository::row)
                .optional();
    }

    /** Locks a partner's row: its ledger lines and payouts are written one at a time, so balances hold. */
    public Optional<PartnerRow> lock(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM partner WHERE id = :id FOR UPDATE")
                .param("id", id)
                .query(PartnerRepository::row)
                .optional();
    }

    public List<PartnerRow> list(@Nullable String status) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM partner WHERE (CAST(:status AS text) IS NULL OR status = :status)"
                        + " ORDER BY created_at DESC, id DESC")
                .param("status", status)
                .query(PartnerRepository::row)
                .list();
    }

    public List<UUID> approvedIds() {
        return jdbc.sql("SELECT id FROM partner WHERE status = 'approved' AND NOT payouts_paused ORDER BY id")
                .query(UUID.class)
                .list();
    }

    private static final String DECIDE = """
            UPDATE partner SET status = :status, rate_bps = :rate, months = :months, decided_at = :now, decided_by = :by
             WHERE id = :id AND status = 'pending'
            """;

    /** Moves a pending partner to {@code status}; false when it was not pending. */
    public boolean decide(UUID id, String status, int rateBps, int months, UserId by, Instant now) {
        return jdbc.sql(DECIDE)
                        .param("id", id)
                        .param("status", status)
                        .param("rate", rateBps)
                        .param("months", months)
                        .param("by", by.value())
                        .param("now", now.atOffset(ZoneOffset.UTC))
                        .update()
                == 1;
    }

    /** Sets the connected account and lets payouts run again (a failed payout paused them). */
    public boolean connect(UUID id, @Nullable String account) {
        return jdbc.sql("UPDATE partner SET connected_account = :account, payouts_paused = false WHERE id = :id")
                        .param("id", id)
                        .param("account", account)
                        .update()
                == 1;
    }

    public void pausePayouts(UUID id) {
        jdbc.sql("UPDATE partner SET payouts_paused = true WHERE id = :id")
                .param("id", id)
                .update();
    }

    private static final String CLICK = """
            INSERT INTO partner_click (partner_id, day, clicks) VALUES (:partnerId, :day, 1)
            ON CONFLICT (partner_id, day) DO UPDATE SET clicks = partner_click.clicks + 1
            """;

    public void click(UUID partner, LocalDate day) {
        jdbc.sql(CLICK).param("partnerId", partner).param("day", day).update();
    }

    public long clicks(UUID partner) {
        return jdbc.sql("SELECT coalesce(sum(clicks), 0) FROM partner_click WHERE partner_id = :partnerId")
                .param("partnerId", partner)
                .query(Long.class)
                .single();
    }

    private static final String ATTRIBUTE = """
            INSERT INTO partner_attribution (tenant_id, partner_id, source, touched_at, attributed_at)
            VALUES (:tenantId, :partnerId, :source, :touched, :now)
            ON CONFLICT DO NOTHING
            """;

    /** Attributes a workspace to a partner; false when it already is (to this one or another). */
    public boolean attribute(WorkspaceId customer, UUID partner, String source, Instant touched, Instant now) {
        return jdbc.sql(ATTRIBUTE)
                        .param("tenantId", customer.value())
                        .param("partnerId", partner)
                        .param("source", source)
                        .param("touched", touched.atOffset(ZoneOffset.UTC))
                        .param("now", now.atOffset(ZoneOffset.UTC))
                        .update()
                == 1;
    }

    public Optional<AttributionRow> attribution(WorkspaceId customer) {
        return jdbc.sql("SELECT tenant_id, partner_id, source, touched_at, attributed_at FROM partner_attribution"
                        + " WHERE tenant_id = :tenantId")
                .param("tenantId", customer.value())
                .query(PartnerRepository::attributionRow)
                .optional();
    }

    public List<AttributionRow> attributions(UUID partner) {
        return jdbc.sql("SELECT tenant_id, partner_id, source, touched_at, attributed_at FROM partner_attribution"
                        + " WHERE partner_id = :partnerId ORDER BY attributed_at DESC, tenant_id")
                .param("partnerId", partner)
                .query(PartnerRepository::attributionRow)
                .list();
    }

    private static AttributionRow attributionRow(ResultSet rs, int n) throws SQLException {
        return new AttributionRow(
                new WorkspaceId(rs.getObject("tenant_id", UUID.class)),
                rs.getObject("partner_id", UUID.class),
                rs.getString("source"),
                rs.getObject("touched_at", OffsetDateTime.class).toInstant(),
                rs.getObject("attributed_at", OffsetDateTime.class).toInstant());
    }

    private static PartnerRow row(ResultSet rs, int n) throws SQLException {
        OffsetDateTime decided = rs.getObject("decided_at", OffsetDateTime.class);
        return new PartnerRow(
                new WorkspaceId(rs.getObject("tenant_id", UUID.class)),
                rs.getObject("id", UUID.class),
                new UserId(rs.getObject("user_id", UUID.class)),
                rs.getString("code"),
                rs.getString("status"),
                rs.getInt("rate_bps"),
                rs.getInt("months"),
                rs.getString("website"),
                rs.getString("connected_account"),
                rs.getBoolean("payouts_paused"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                decided == null ? null : decided.toInstant());
    }
}
