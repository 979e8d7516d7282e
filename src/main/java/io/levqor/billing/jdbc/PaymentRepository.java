package io.levqor.billing.jdbc;

import io.levqor.billing.PaymentProvider;
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

/** Payments received, with what they granted and what has been refunded since. */
@Repository
public class PaymentRepository {

    /** A payment row; amounts in the currency's minor units. */
    public record PaymentRow(
            WorkspaceId tenant,
            UUID id,
            PaymentProvider provider,
            String externalId,
            @Nullable String chargeId,
            @Nullable String invoiceId,
            @Nullable UUID subscriptionId,
            String plan,
            long amount,
            String currency,
            long creditsGranted,
            long amountRefunded,
            long creditsClawedBack,
            long creditShortfall,
            Instant paidAt) {}

    private final JdbcClient jdbc;

    public PaymentRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private static final String INSERT = """
            INSERT INTO billing_payment (tenant_id, id, provider, external_id, charge_id, invoice_id, subscription_id,
                                         plan, amount, currency, credits_granted, paid_at)
            VALUES (:tenantId, :id, :provider, :externalId, :chargeId, :invoiceId, :subscriptionId,
                    :plan, :amount, :currency, :creditsGranted, :paidAt)
            ON CONFLICT (provider, external_id) DO NOTHING
            """;

    /** Records the payment; false when it was recorded before. */
    public boolean insert(PaymentRow row) {
        return jdbc.sql(INSERT)
                        .param("tenantId", row.tenant().value())
                        .param("id", row.id())
                        .param("provider", row.provider().apiName())
                        .param("externalId", row.externalId())
                        .param("chargeId", row.chargeId())
                        .param("invoiceId", row.invoiceId())
                        .param("subscriptionId", row.subscriptionId())
                        .param("plan", row.plan())
                        .param("amount", row.amount())
                        .param("currency", row.currency())
                        .param("creditsGranted", row.creditsGranted())
                        .param("paidAt", row.paidAt().atOffset(ZoneOffset.UTC))
                        .update()
                == 1;
    }

    private static final String COLUMNS = """
            SELECT tenant_id, id, provider, external_id, charge_id, invoice_id, subscription_id, plan, amount, currency,
                   credits_granted, amount_refunded, credits_clawed_back, credit_shortfall, paid_at
              FROM billing_payment
            """;

    // The operator refunds by our payment id across workspaces; the row it returns names the tenant.
    private static final String LOCK_BY_ID = COLUMNS + """
             WHERE id = :id
               FOR UPDATE
            """;

    private static final String FIND_BY_ID = COLUMNS + """
             WHERE id = :id
            """;

    public Optional<PaymentRow> find(UUID id) {
        return jdbc.sql(FIND_BY_ID)
                .param("id", id)
                .query(PaymentRepository::row)
                .optional();
    }

    public Optional<PaymentRow> lockById(UUID id) {
        return jdbc.sql(LOCK_BY_ID)
                .param("id", id)
                .query(PaymentRepository::row)
                .optional();
    }

    // A provider's refund event names its payment or charge id, not our tenant: this lookup finds the tenant.
    private static final String LOCK_BY_EXTERNAL = COLUMNS + """
             WHERE provider = :provider
               AND (external_id = :externalId OR charge_id = :chargeId)
             LIMIT 1
               FOR UPDATE
            """;

    public Optional<PaymentRow> lockByExternalId(
            PaymentProvider provider, @Nullable String externalId, @Nullable String chargeId) {
        return jdbc.sql(LOCK_BY_EXTERNAL)
                .param("provider", provider.apiName())
                .param("externalId", externalId == null ? "" : externalId)
                .param("chargeId", chargeId == null ? "" : chargeId)
                .query(PaymentRepository::row)
                .optional();
    }

    // Stripe's invoice_payment.paid names the invoice only; the payment may have been recorded under it.
    private static final String LOCK_BY_INVOICE = COLUMNS + """
             WHERE provider = :provider
               AND invoice_id = :invoiceId
             LIMIT 1
               FOR UPDATE
            """;

    public Optional<PaymentRow> lockByInvoice(PaymentProvider provider, String invoiceId) {
        return jdbc.sql(LOCK_BY_INVOICE)
                .param("provider", provider.apiName())
                .param("invoiceId", invoiceId)
                .query(PaymentRepository::row)
                .optional();
    }

    // Only a payment still known by its invoice id takes its intent, and never one another payment holds already
    // (the unique key would fail the delivery, and the provider's retries with it).
    private static final String IDENTIFY = """
            UPDATE billing_payment p
               SET external_id = :externalId,
                   charge_id = COALESCE(p.charge_id, :chargeId)
             WHERE p.tenant_id = :tenantId
               AND p.id = :id
               AND p.external_id = p.invoice_id
               AND NOT EXISTS (SELECT 1 FROM billing_payment o
                                WHERE o.provider = p.provider AND o.external_id = :externalId)
            """;

    /**
     * Names a payment recorded under its invoice id (Stripe sent {@code invoice.paid} before saying which payment
     * intent paid it) by its payment intent or charge; false when it was named already.
     */
    public boolean identify(WorkspaceId tenant, UUID id, String externalId, @Nullable String chargeId) {
        return jdbc.sql(IDENTIFY)
                        .param("tenantId", tenant.value())
                        .param("id", id)
                        .param("externalId", externalId)
                        .param("chargeId", chargeId)
                        .update()
                == 1;
    }

    private static final String LIST = COLUMNS + """
             WHERE tenant_id = :tenantId
             ORDER BY paid_at DESC, id DESC
             LIMIT :limit
            """;

    public List<PaymentRow> list(WorkspaceId tenant, int limit) {
        return jdbc.sql(LIST)
                .param("tenantId", tenant.value())
                .param("limit", limit)
                .query(PaymentRepository::row)
                .list();
    }

    private static final String REFUNDED = """
            UPDATE billing_payment
               SET amount_refunded = :amountRefunded,
                   credits_clawed_back = credits_clawed_back + :clawed,
                   credit_shortfall = credit_shortfall + :shortfall
             WHERE tenant_id = :tenantId
               AND id = :id
               AND amount_refunded < :amountRefunded
            """;

    /** Raises the refunded total; false when it was already at least that high. */
    public boolean refunded(WorkspaceId tenant, UUID id, long amountRefunded, long clawed, long shortfall) {
        return jdbc.sql(REFUNDED)
                        .param("tenantId", tenant.value())
                        .param("id", id)
                        .param("amountRefunded", amountRefunded)
                        .param("clawed", clawed)
                        .param("shortfall", shortfall)
                        .update()
                == 1;
    }

    private static PaymentRow row(ResultSet rs, int n) throws SQLException {
        return new PaymentRow(
                new WorkspaceId(rs.getObject("tenant_id", UUID.class)),
                rs.getObject("id", UUID.class),
                PaymentProvider.fromApiName(rs.getString("provider")).orElseThrow(),
                rs.getString("external_id"),
                rs.getString("charge_id"),
                rs.getString("invoice_id"),
                rs.getObject("subscription_id", UUID.class),
                rs.getString("plan"),
                rs.getLong("amount"),
                rs.getString("currency").trim(),
                rs.getLong("credits_granted"),
                rs.getLong("amount_refunded"),
                rs.getLong("credits_clawed_back"),
                rs.getLong("credit_shortfall"),
                rs.getObject("paid_at", OffsetDateTime.class).toInstant());
    }
}
