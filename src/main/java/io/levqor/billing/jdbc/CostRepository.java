package io.levqor.billing.jdbc;

import io.levqor.shared.WorkspaceId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The platform's costs and revenue: LLM cost, payments, refunds and fees, and the operator's daily cost limit. Every
 * aggregate here crosses workspaces on purpose (the methods say {@code ForOperator}): they serve only the platform
 * operator's cost dashboard, its limit and its alerts.
 */
@Repository
public class CostRepository {

    /** The operator's runtime value of the platform limit; {@code micros} null: switched off. */
    public record LimitOverride(@Nullable Long micros, Instant updatedAt, String updatedBy) {}

    /** A workspace whose spending today (in its own time zone) reached a daily limit. */
    public record WorkspaceAtLimit(WorkspaceId workspace, String timeZone, long limit, long spent) {}

    /** Payments of one bucket and currency: amounts and fees in the currency's minor units. */
    public record PaymentSum(LocalDate bucket, String currency, long amount, long fees, long count) {}

    /** Refunds of one bucket and currency, in minor units. */
    public record RefundSum(LocalDate bucket, String currency, long amount) {}

    /** LLM usage of one bucket and model. */
    public record LlmSum(LocalDate bucket, String model, long costMicros, long promptTokens, long completionTokens) {}

    /** A workspace's LLM cost over a range. */
    public record WorkspaceCost(
            WorkspaceId workspace, long costMicros, long promptTokens, long completionTokens, long runs) {}

    private final JdbcClient jdbc;

    CostRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** LLM cost recorded in {@code [from, to)}, all workspaces, in micros (served by the recorded_at index). */
    public long llmCostMicrosForOperator(Instant from, Instant to) {
        return jdbc.sql("""
                        SELECT coalesce(sum(cost_micros), 0) FROM billing_llm_usage
                         WHERE recorded_at >= :from AND recorded_at < :to
                        """)
                .param("from", from.atOffset(ZoneOffset.UTC))
                .param("to", to.atOffset(ZoneOffset.UTC))
                .query(Long.class)
                .single();
    }

    public Optional<LimitOverride> platformLimit() {
        return jdbc.sql("SELECT daily_cost_limit_micros, updated_at, updated_by FROM billing_platform_limit")
                .query((rs, n) -> new LimitOverride(
                        (Long) rs.getObject("daily_cost_limit_micros"),
                        rs.getObject("updated_at", java.time.OffsetDateTime.class)
                                .toInstant(),
                        rs.getString("updated_by")))
                .optional();
    }

    public void setPlatformLimit(@Nullable Long micros, Instant at, String by) {
        jdbc.sql("""
                        INSERT INTO billing_platform_limit (id, daily_cost_limit_micros, updated_at, updated_by)
                        VALUES (true, :micros, :at, :by)
                        ON CONFLICT (id) DO UPDATE
                           SET daily_cost_limit_micros = excluded.daily_cost_limit_micros,
                               updated_at = excluded.updated_at, updated_by = excluded.updated_by
                        """)
                .param("micros", micros, java.sql.Types.BIGINT)
                .param("at", at.atOffset(ZoneOffset.UTC))
                .param("by", by)
                .update();
    }

    /** Returns to the configured limit. */
    public void clearPlatformLimit() {
        jdbc.sql("DELETE FROM billing_platform_limit").update();
    }

    /**
     * Workspaces whose credits spent on {@code day} leave no room for another run of {@code runCost} under their
     * limit: the lower of the operator's cap (else {@code defaultCap}, 0 = none) and the owner's limit, as
     * {@code SpendLimits} computes it.
     */
    public List<WorkspaceAtLimit> workspacesAtCreditLimitForOperator(Instant now, long defaultCap, long runCost) {
        // The day is each workspace's own, as admission counts it (SpendLimits.day).
        return jdbc.sql("""
                        SELECT a.tenant_id, a.time_zone, l.lim, coalesce(d.credits, 0) AS spent
                          FROM billing_account a
                          CROSS JOIN LATERAL (SELECT least(coalesce(a.daily_credit_cap, nullif(:defaultCap, 0)),
                                                           a.daily_credit_limit) AS lim) l
                          LEFT JOIN billing_run_day d
                                 ON d.tenant_id = a.tenant_id AND d.day = (:now AT TIME ZONE a.time_zone)::date
                         WHERE l.lim IS NOT NULL AND coalesce(d.credits, 0) + :runCost > l.lim
                         ORDER BY a.tenant_id
                        """)
                .param("defaultCap", defaultCap)
                .param("now", now.atOffset(ZoneOffset.UTC))
                .param("runCost", runCost)
                .query(this::workspaceAtLimit)
                .list();
    }

    /** Workspaces whose LLM cost since their own midnight reached their daily LLM-cost limit (as LlmSpendGate). */
    public List<WorkspaceAtLimit> workspacesAtLlmCostLimitForOperator(Instant now, long defaultCapMicros) {
        return jdbc.sql("""
                        SELECT a.tenant_id, a.time_zone, l.lim, u.spent
                          FROM billing_account a
                          CROSS JOIN LATERAL (SELECT least(coalesce(a.daily_llm_cost_cap_micros, nullif(:defaultCap, 0)),
                                                           a.daily_llm_cost_limit_micros) AS lim) l
                          CROSS JOIN LATERAL (
                                SELECT coalesce(sum(u.cost_micros), 0) AS spent
                                  FROM billing_llm_usage u
                                 WHERE u.tenant_id = a.tenant_id
                                   AND u.recorded_at >= date_trunc('day', :now AT TIME ZONE a.time_zone)
                                                        AT TIME ZONE a.time_zone) u
                         WHERE l.lim IS NOT NULL AND u.spent >= l.lim
                         ORDER BY a.tenant_id
                        """)
                .param("defaultCap", defaultCapMicros)
                .param("now", now.atOffset(ZoneOffset.UTC))
                .query(this::workspaceAtLimit)
                .list();
    }

    private WorkspaceAtLimit workspaceAtLimit(ResultSet rs, int row) throws SQLException {
        return new WorkspaceAtLimit(
                new WorkspaceId(rs.getObject("tenant_id", UUID.class)),
                rs.getString("time_zone"),
                rs.getLong("lim"),
                rs.getLong("spent"));
    }

    /** Payments made in {@code [from, to)} per UTC day or month ({@code unit}) and currency. */
    public List<PaymentSum> paymentsForOperator(String unit, Instant from, Instant to) {
        return jdbc.sql("""
                        SELECT date_trunc(:unit, paid_at AT TIME ZONE 'UTC')::date AS bucket, currency,
                               sum(amount) AS amount, sum(coalesce(fee, 0)) AS fees, count(*) AS n
                          FROM billing_payment
                         WHERE paid_at >= :from AND paid_at < :to
                         GROUP BY 1, 2
                         ORDER BY 1, 2
                        """)
                .param("unit", unit)
                .param("from", from.atOffset(ZoneOffset.UTC))
                .param("to", to.atOffset(ZoneOffset.UTC))
                .query((rs, n) -> new PaymentSum(
                        rs.getObject("bucket", LocalDate.class),
                        rs.getString("currency"),
                        rs.getLong("amount"),
                        rs.getLong("fees"),
                        rs.getLong("n")))
                .list();
    }

    /** Refunds recorded in {@code [from, to)} per UTC day or month and currency. */
    public List<RefundSum> refundsForOperator(String unit, Instant from, Instant to) {
        return jdbc.sql("""
                        SELECT date_trunc(:unit, created_at AT TIME ZONE 'UTC')::date AS bucket, currency,
                               sum(amount) AS amount
                          FROM billing_refund
                         WHERE created_at >= :from AND created_at < :to
                         GROUP BY 1, 2
                         ORDER BY 1, 2
                        """)
                .param("unit", unit)
                .param("from", from.atOffset(ZoneOffset.UTC))
                .param("to", to.atOffset(ZoneOffset.UTC))
                .query((rs, n) -> new RefundSum(
                        rs.getObject("bucket", LocalDate.class), rs.getString("currency"), rs.getLong("amount")))
                .list();
    }

    /** LLM usage recorded in {@code [from, to)} per UTC day or month and model. */
    public List<LlmSum> llmForOperator(String unit, Instant from, Instant to) {
        return jdbc.sql("""
                        SELECT date_trunc(:unit, recorded_at AT TIME ZONE 'UTC')::date AS bucket, model,
                               sum(cost_micros) AS cost, sum(prompt_tokens) AS prompt,
                               sum(completion_tokens) AS completion
                          FROM billing_llm_usage
                         WHERE recorded_at >= :from AND recorded_at < :to
                         GROUP BY 1, 2
                         ORDER BY 1, 2
                        """)
                .param("unit", unit)
                .param("from", from.atOffset(ZoneOffset.UTC))
                .param("to", to.atOffset(ZoneOffset.UTC))
                .query((rs, n) -> new LlmSum(
                        rs.getObject("bucket", LocalDate.class),
                        rs.getString("model"),
                        rs.getLong("cost"),
                        rs.getLong("prompt"),
                        rs.getLong("completion")))
                .list();
    }

    /** The workspaces with the highest LLM cost in {@code [from, to)}; ties by id, so the order is stable. */
    public List<WorkspaceCost> topWorkspacesForOperator(Instant from, Instant to, int limit) {
        return jdbc.sql("""
                        SELECT tenant_id, sum(cost_micros) AS cost, sum(prompt_tokens) AS prompt,
                               sum(completion_tokens) AS completion, count(DISTINCT run_id) AS runs
                          FROM billing_llm_usage
                         WHERE recorded_at >= :from AND recorded_at < :to
                         GROUP BY tenant_id
                         ORDER BY cost DESC, tenant_id
                         LIMIT :limit
                        """)
                .param("from", from.atOffset(ZoneOffset.UTC))
                .param("to", to.atOffset(ZoneOffset.UTC))
                .param("limit", limit)
                .query((rs, n) -> new WorkspaceCost(
                        new WorkspaceId(rs.getObject("tenant_id", UUID.class)),
                        rs.getLong("cost"),
                        rs.getLong("prompt"),
                        rs.getLong("completion"),
                        rs.getLong("runs")))
                .list();
    }

    /** Stores a payment's fee once it is known (the payment row exists: it was inserted in this transaction). */
    public void setFee(WorkspaceId tenant, UUID paymentId, long fee, String source) {
        jdbc.sql("""
                        UPDATE billing_payment SET fee = :fee, fee_source = :source
                         WHERE tenant_id = :tenantId AND id = :id
                        """)
                .param("fee", fee)
                .param("source", source)
                .param("tenantId", tenant.value())
                .param("id", paymentId)
                .update();
    }
}
