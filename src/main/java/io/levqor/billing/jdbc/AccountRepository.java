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
            @Nullable String billingEmail) {}

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
            SELECT tenant_id, plan, balance, granted, used, stripe_customer_id, billing_email
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
                        rs.getString("billing_email")))
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
