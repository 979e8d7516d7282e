package io.levqor.billing.jdbc;

import io.levqor.shared.WorkspaceId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Aggregates for charts and overviews. The workspace's usage is filtered by tenant like every query; the methods named
 * {@code ...ForOperator} cross workspaces on purpose and serve only the platform operator's overview.
 */
@Repository
public class BillingReports {

    /** Debits of one UTC day: runs charged and credits used (all debit kinds). */
    public record UsageDayRow(LocalDate day, long runs, long credits) {}

    /** A payment with the workspace that made it. */
    public record RecentPaymentRow(
            WorkspaceId tenant,
            UUID id,
            String provider,
            String plan,
            long amount,
            String currency,
            long amountRefunded,
            Instant paidAt) {}

    private final JdbcClient jdbc;

    BillingReports(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private static final String USAGE_PER_DAY = """
            SELECT (at AT TIME ZONE 'UTC')::date AS day,
                   count(*) FILTER (WHERE kind = 'run') AS runs,
                   coalesce(sum(-amount), 0) AS credits
              FROM credit_ledger
             WHERE tenant_id = :tenantId AND at >= :since AND amount < 0
             GROUP BY 1
             ORDER BY 1
            """;

    /** Per UTC day since {@code since}: only days with debits appear. */
    public List<UsageDayRow> usagePerDay(WorkspaceId tenant, Instant since) {
        return jdbc.sql(USAGE_PER_DAY)
                .param("tenantId", tenant.value())
                .param("since", since.atOffset(ZoneOffset.UTC))
                .query((rs, n) -> new UsageDayRow(
                        rs.getObject("day", LocalDate.class), rs.getLong("runs"), rs.getLong("credits")))
                .list();
    }

    /** Every workspace's plan id by tenant, across workspaces: operator only. */
    public Map<WorkspaceId, String> plansForOperator(List<WorkspaceId> tenants) {
        Map<WorkspaceId, String> plans = new HashMap<>();
        if (tenants.isEmpty()) {
            return plans;
        }
        jdbc.sql("SELECT tenant_id, plan FROM billing_account WHERE tenant_id IN (:tenants)")
                .param("tenants", tenants.stream().map(WorkspaceId::value).toList())
                .query((rs, n) ->
                        Map.entry(new WorkspaceId(rs.getObject("tenant_id", UUID.class)), rs.getString("plan")))
                .list()
                .forEach(entry -> plans.put(entry.getKey(), entry.getValue()));
        return plans;
    }

    private static final String RECENT_PAYMENTS = """
            SELECT tenant_id, id, provider, plan, amount, currency, amount_refunded, paid_at
              FROM billing_payment
             ORDER BY paid_at DESC
             LIMIT :limit
            """;

    /** The newest payments across workspaces: operator only. */
    public List<RecentPaymentRow> recentPaymentsForOperator(int limit) {
        return jdbc.sql(RECENT_PAYMENTS)
                .param("limit", limit)
                .query(BillingReports::payment)
                .list();
    }

    private static RecentPaymentRow payment(ResultSet rs, int n) throws SQLException {
        return new RecentPaymentRow(
                new WorkspaceId(rs.getObject("tenant_id", UUID.class)),
                rs.getObject("id", UUID.class),
                rs.getString("provider"),
                rs.getString("plan"),
                rs.getLong("amount"),
                rs.getString("currency"),
                rs.getLong("amount_refunded"),
                rs.getObject("paid_at", OffsetDateTime.class).toInstant());
    }
}
