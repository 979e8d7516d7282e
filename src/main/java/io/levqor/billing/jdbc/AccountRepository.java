package io.levqor.billing.jdbc;

import io.levqor.shared.WorkspaceId;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** One row per workspace: its plan and the cached credit balance (kept in step with the ledger). */
@Repository
public class AccountRepository {

    /** The account row. */
    public record AccountRow(
            WorkspaceId tenant,
            String plan,
            long balance,
            long granted,
            long used,
            @Nullable String stripeCustomerId,
            @Nullable String billingEmail,
            @Nullable Long dailyCreditCap,
            @Nullable Long dailyCreditLimit,
            @Nullable Long dailyLlmCostCap,
            @Nullable Long dailyLlmCostLimit,
            String timeZone) {}

    private final JdbcClient jdbc;

    public AccountRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private static final String CREATE = """
            INSERT INTO billing_account (tenant_id, plan, created_at, updated_at)
            VALUES (:tenantId, :plan, :now, :now)
            ON CONFLICT (tenant_id) DO NOTHING
            """;

    /** Creates the account on {@code plan}; false when it already existed. */
    public boolean create(WorkspaceId tenant, String plan, Instant now) {
        return jdbc.sql(CREATE)
                        .param("tenantId", tenant.value())
                        .param("plan", plan)
                        .param("now", now.atOffset(ZoneOffset.UTC))
                        .update()
                == 1;
    }

    private static final String FIND = """
            SELECT tenant_id, plan, balance, granted, used, stripe_customer_id, billing_email,
                   daily_credit_cap, daily_credit_limit, daily_llm_cost_cap_micros, daily_llm_cost_limit_micros,
                   time_zone
              FROM billing_account
             WHERE tenant_id = :tenantId
            """;

    public Optional<AccountRow> find(WorkspaceId tenant) {
        return jdbc.sql(FIND)
                .param("tenantId", tenant.value())
                .query((rs, n) -> new AccountRow(
                        tenant,
                        rs.getString("plan"),
                        rs.getLong("balance"),
                        rs.getLong("granted"),
                        rs.getLong("used"),
                        rs.getString("stripe_customer_id"),
                        rs.getString("billing_email"),
                        rs.getObject("daily_credit_cap", Long.class),
                        rs.getObject("daily_credit_limit", Long.class),
                        rs.getObject("daily_llm_cost_cap_micros", Long.class),
                        rs.getObject("daily_llm_cost_limit_micros", Long.class),
                        rs.getString("time_zone")))
                .optional();
    }

    private static final String LOCK = """
            SELECT balance FROM billing_account WHERE tenant_id = :tenantId FOR UPDATE
            """;

    /** Locks the account row for this transaction and returns the balance; every ledger line is written under it. */
    public long lockBalance(WorkspaceId tenant) {
        return jdbc.sql(LOCK)
                .param("tenantId", tenant.value())
                .query(Long.class)
                .optional()
                .orElseThrow(() -> new IllegalStateException("no billing account for workspace " + tenant));
    }

    private static final String SET_PLAN = """
            UPDATE billing_account SET plan = :plan, updated_at = :now WHERE tenant_id = :tenantId
            """;

    public void setPlan(WorkspaceId tenant, String plan, Instant now) {
        int updated = jdbc.sql(SET_PLAN)
                .param("tenantId", tenant.value())
                .param("plan", plan)
                .param("now", now.atOffset(ZoneOffset.UTC))
                .update();
        if (updated != 1) {
            throw new IllegalStateException("no billing account for workspace " + tenant);
        }
    }

    /** Sets the operator's daily credit cap (null: the configured default). */
    public void setDailyCreditCap(WorkspaceId tenant, @Nullable Long cap, Instant now) {
        setSpendColumn(tenant, "daily_credit_cap", cap, now);
    }

    /** Sets the owner's daily credit limit (null: none). */
    public void setDailyCreditLimit(WorkspaceId tenant, @Nullable Long limit, Instant now) {
        setSpendColumn(tenant, "daily_credit_limit", limit, now);
    }

    // column is one of the constants above, never input
    private void setSpendColumn(WorkspaceId tenant, String column, @Nullable Long value, Instant now) {
        int updated = jdbc.sql("UPDATE billing_account SET " + column + " = :value, updated_at = :now"
                        + " WHERE tenant_id = :tenantId")
                .param("tenantId", tenant.value())
                .param("value", value, java.sql.Types.BIGINT)
                .param("now", now.atOffset(ZoneOffset.UTC))
                .update();
        if (updated != 1) {
            throw new IllegalStateException("no billing account for workspace " + tenant);
        }
    }

    /** Sets the operator's daily LLM-cost cap (null: the configured default). */
    public void setDailyLlmCostCap(WorkspaceId tenant, @Nullable Long micros, Instant now) {
        setSpendColumn(tenant, "daily_llm_cost_cap_micros", micros, now);
    }

    /** Sets the owner's daily LLM-cost limit (null: none). */
    public void setDailyLlmCostLimit(WorkspaceId tenant, @Nullable Long micros, Instant now) {
        setSpendColumn(tenant, "daily_llm_cost_limit_micros", micros, now);
    }

    private static final String SET_TIME_ZONE = """
            UPDATE billing_account SET time_zone = :zone, updated_at = :now WHERE tenant_id = :tenantId
            """;

    /** Sets the IANA zone whose midnight starts the workspace's day (validated by the caller). */
    public void setTimeZone(WorkspaceId tenant, String zone, Instant now) {
        int updated = jdbc.sql(SET_TIME_ZONE)
                .param("tenantId", tenant.value())
                .param("zone", zone)
                .param("now", now.atOffset(ZoneOffset.UTC))
                .update();
        if (updated != 1) {
            throw new IllegalStateException("no billing account for workspace " + tenant);
        }
    }

    private static final String SET_CUSTOMER = """
            UPDATE billing_account SET stripe_customer_id = :customer, updated_at = :now
             WHERE tenant_id = :tenantId
            """;

    public void setStripeCustomer(WorkspaceId tenant, String customerId, Instant now) {
        int updated = jdbc.sql(SET_CUSTOMER)
                .param("tenantId", tenant.value())
                .param("customer", customerId)
                .param("now", now.atOffset(ZoneOffset.UTC))
                .update();
        if (updated != 1) {
            throw new IllegalStateException("no billing account for workspace " + tenant);
        }
    }

    private static final String SET_EMAIL = """
            UPDATE billing_account SET billing_email = :email, updated_at = :now
             WHERE tenant_id = :tenantId
               AND (billing_email IS NULL OR :overwrite)
            """;

    /** Sets where billing mail goes; without {@code overwrite} only when no address is known yet. */
    public boolean setBillingEmail(WorkspaceId tenant, String email, boolean overwrite, Instant now) {
        return jdbc.sql(SET_EMAIL)
                        .param("tenantId", tenant.value())
                        .param("email", email)
                        .param("overwrite", overwrite)
                        .param("now", now.atOffset(ZoneOffset.UTC))
                        .update()
                == 1;
    }
}
