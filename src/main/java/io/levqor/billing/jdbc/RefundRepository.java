package io.levqor.billing.jdbc;

import io.levqor.billing.PaymentProvider;
import io.levqor.shared.Ids;
import io.levqor.shared.WorkspaceId;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Refunds made at a provider, one row per provider refund id. */
@Repository
public class RefundRepository {

    private final JdbcClient jdbc;

    public RefundRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private static final String INSERT = """
            INSERT INTO billing_refund (tenant_id, id, payment_id, provider, external_id, amount, currency, created_at)
            VALUES (:tenantId, :id, :paymentId, :provider, :externalId, :amount, :currency, :now)
            ON CONFLICT (provider, external_id) DO NOTHING
            """;

    /** Records the refund; false when this provider refund was recorded before. */
    public boolean record(
            WorkspaceId tenant,
            UUID paymentId,
            PaymentProvider provider,
            String externalId,
            long amount,
            String currency,
            Instant now) {
        return jdbc.sql(INSERT)
                        .param("tenantId", tenant.value())
                        .param("id", Ids.newId())
                        .param("paymentId", paymentId)
                        .param("provider", provider.apiName())
                        .param("externalId", externalId)
                        .param("amount", amount)
                        .param("currency", currency)
                        .param("now", now.atOffset(ZoneOffset.UTC))
                        .update()
                == 1;
    }

    private static final String EXISTS = """
            SELECT EXISTS (SELECT 1 FROM billing_refund
                            WHERE tenant_id = :tenantId AND provider = :provider AND external_id = :externalId)
            """;

    public boolean exists(WorkspaceId tenant, PaymentProvider provider, String externalId) {
        return jdbc.sql(EXISTS)
                .param("tenantId", tenant.value())
                .param("provider", provider.apiName())
                .param("externalId", externalId)
                .query(Boolean.class)
                .single();
    }
}
