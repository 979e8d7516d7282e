package io.levqor.billing.jdbc;

import io.levqor.billing.PaymentProvider;
import io.levqor.billing.SubscriptionState;
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

/** Subscriptions at the providers, one row each, keyed for webhooks by provider and the provider's id. */
@Repository
public class SubscriptionRepository {

    /** A subscription row. */
    public record SubscriptionRow(
            WorkspaceId tenant,
            UUID id,
            PaymentProvider provider,
            String externalId,
            String plan,
            SubscriptionState state,
            @Nullable String customerId,
            @Nullable Instant periodStart,
            @Nullable Instant periodEnd,
            @Nullable Instant graceUntil,
            Instant lastEventAt) {}

    private final JdbcClient jdbc;

    public SubscriptionRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private static final String COLUMNS = """
            tenant_id, id, provider, external_id, plan, state, customer_id, period_start, period_end, grace_until,
            last_event_at
            """;

    // A provider event names the provider's subscription id, not our tenant: this lookup is how the tenant is
    // found. Every statement after it filters by the tenant it returned.
    private static final String FIND_EXTERNAL = "SELECT " + COLUMNS + """
              FROM billing_subscription
             WHERE provider = :provider AND external_id = :externalId
               FOR UPDATE
            """;

    /** The subscription, locked for the rest of the transaction. */
    public Optional<SubscriptionRow> lockByExternalId(PaymentProvider provider, String externalId) {
        return jdbc.sql(FIND_EXTERNAL)
                .param("provider", provider.apiName())
                .param("externalId", externalId)
                .query(SubscriptionRepository::row)
                .optional();
    }

    private static final String INSERT = """
            INSERT INTO billing_subscription (tenant_id, id, provider, external_id, plan, state, customer_id,
                                              period_start, period_end, grace_until, last_event_at,
                                              created_at, updated_at)
            VALUES (:tenantId, :id, :provider, :externalId, :plan, :state, :customerId,
                    :periodStart, :periodEnd, :graceUntil, :lastEventAt, :now, :now)
            ON CONFLICT (provider, external_id) DO NOTHING
            """;

    /** Inserts the row; false when a concurrent transaction inserted the same provider subscription first. */
    public boolean insert(SubscriptionRow row, Instant now) {
        return jdbc.sql(INSERT)
                        .param("tenantId", row.tenant().value())
                        .param("id", row.id())
                        .param("provider", row.provider().apiName())
                        .param("externalId", row.externalId())
                        .param("plan", row.plan())
                        .param("state", row.state().apiName())
                        .param("customerId", row.customerId())
                        .param("periodStart", utc(row.periodStart()))
                        .param("periodEnd", utc(row.periodEnd()))
                        .param("graceUntil", utc(row.graceUntil()))
                        .param("lastEventAt", utc(row.lastEventAt()))
                        .param("now", utc(now))
                        .update()
                == 1;
    }

    private static final String UPDATE = """
            UPDATE billing_subscription
               SET plan = :plan, state = :state, customer_id = :customerId, period_start = :periodStart,
                   period_end = :periodEnd, grace_until = :graceUntil, last_event_at = :lastEventAt,
                   updated_at = :now
             WHERE tenant_id = :tenantId
               AND id = :id
            """;

    public void update(SubscriptionRow row, Instant now) {
        int updated = jdbc.sql(UPDATE)
                .param("tenantId", row.tenant().value())
                .param("id", row.id())
                .param("plan", row.plan())
                .param("state", row.state().apiName())
                .param("customerId", row.customerId())
                .param("periodStart", utc(row.periodStart()))
                .param("periodEnd", utc(row.periodEnd()))
                .param("graceUntil", utc(row.graceUntil()))
                .param("lastEventAt", utc(row.lastEventAt()))
                .param("now", utc(now))
                .update();
        if (updated != 1) {
            throw new IllegalStateException("subscription " + row.id() + " vanished under its row lock");
        }
    }

    private static final String CURRENT = "SELECT " + COLUMNS + """
              FROM billing_subscription
             WHERE tenant_id = :tenantId
             ORDER BY state IN ('trialing', 'active', 'past_due') DESC, updated_at DESC, id DESC
             LIMIT 1
            """;

    /** The workspace's live subscription, or else its most recent one. */
    public Optional<SubscriptionRow> current(WorkspaceId tenant) {
        return jdbc.sql(CURRENT)
                .param("tenantId", tenant.value())
                .query(SubscriptionRepository::row)
                .optional();
    }

    private static final String LIVE = "SELECT " + COLUMNS + """
              FROM billing_subscription
             WHERE tenant_id = :tenantId
               AND state IN ('trialing', 'active', 'past_due')
               AND id <> :except
            """;

    /** The workspace's other subscriptions still granting a plan. */
    public List<SubscriptionRow> otherLive(WorkspaceId tenant, UUID except) {
        return jdbc.sql(LIVE)
                .param("tenantId", tenant.value())
                .param("except", except)
                .query(SubscriptionRepository::row)
                .list();
    }

    // The grace job sweeps all tenants by design; SKIP LOCKED lets several nodes share the sweep.
    private static final String OVERDUE = "SELECT " + COLUMNS + """
              FROM billing_subscription
             WHERE state = 'past_due'
               AND grace_until <= :now
             ORDER BY grace_until
             LIMIT :limit
               FOR UPDATE SKIP LOCKED
            """;

    public List<SubscriptionRow> lockOverdue(Instant now, int limit) {
        return jdbc.sql(OVERDUE)
                .param("now", utc(now))
                .param("limit", limit)
                .query(SubscriptionRepository::row)
                .list();
    }

    private static @Nullable OffsetDateTime utc(@Nullable Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static SubscriptionRow row(ResultSet rs, int n) throws SQLException {
        return new SubscriptionRow(
                new WorkspaceId(rs.getObject("tenant_id", UUID.class)),
                rs.getObject("id", UUID.class),
                PaymentProvider.fromApiName(rs.getString("provider")).orElseThrow(),
                rs.getString("external_id"),
                rs.getString("plan"),
                SubscriptionState.fromApiName(rs.getString("state")),
                rs.getString("customer_id"),
                instant(rs, "period_start"),
                instant(rs, "period_end"),
                instant(rs, "grace_until"),
                java.util.Objects.requireNonNull(instant(rs, "last_event_at")));
    }
}
