package io.levqor.billing.jdbc;

import io.levqor.billing.PaymentProvider;
import io.levqor.shared.Ids;
import io.levqor.shared.WorkspaceId;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Chargebacks reported by a provider, one row per provider dispute id. */
@Repository
public class DisputeRepository {

    private final JdbcClient jdbc;

    public DisputeRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    // A dispute once counted stays counted (a redelivered or older "created" event never uncounts it).
    private static final String UPSERT = """
            INSERT INTO billing_dispute (tenant_id, id, payment_id, provider, external_id, amount, currency, status,
                                         counted, created_at, updated_at)
            VALUES (:tenantId, :id, :paymentId, :provider, :externalId, :amount, :currency, :status, :counted,
                    :now, :now)
            ON CONFLICT (provider, external_id) DO UPDATE
               SET status = EXCLUDED.status,
                   counted = billing_dispute.counted OR EXCLUDED.counted,
                   amount = CASE WHEN billing_dispute.counted THEN billing_dispute.amount ELSE EXCLUDED.amount END,
                   updated_at = EXCLUDED.updated_at
            """;

    /**
     * Records the dispute or its new status; {@code counted} when the provider has taken the money back.
     *
     * @param amount the disputed amount in the payment's minor units
     */
    public void record(
            WorkspaceId tenant,
            UUID paymentId,
            PaymentProvider provider,
            String externalId,
            long amount,
            String currency,
            String status,
            boolean counted,
            Instant now) {
        jdbc.sql(UPSERT)
                .param("tenantId", tenant.value())
                .param("id", Ids.newId())
                .param("paymentId", paymentId)
                .param("provider", provider.apiName())
                .param("externalId", externalId)
                .param("amount", amount)
                .param("currency", currency)
                .param("status", status)
                .param("counted", counted)
                .param("now", now.atOffset(ZoneOffset.UTC))
                .update();
    }

    private static final String COUNTED_TOTAL = """
            SELECT COALESCE(SUM(amount), 0) FROM billing_dispute
             WHERE tenant_id = :tenantId AND payment_id = :paymentId AND counted
            """;

    /** What the counted disputes of a payment took back, in its minor units. */
    public long countedTotal(WorkspaceId tenant, UUID paymentId) {
        return jdbc.sql(COUNTED_TOTAL)
                .param("tenantId", tenant.value())
                .param("paymentId", paymentId)
                .query(Long.class)
                .single();
    }
}
