package io.levqor.billing.jdbc;

import io.levqor.billing.PaymentProvider;
import io.levqor.shared.WorkspaceId;
import java.time.Instant;
import java.time.ZoneOffset;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Provider events already applied. Platform-wide (an event arrives before its tenant is known). */
@Repository
public class WebhookEventLog {

    private final JdbcClient jdbc;

    public WebhookEventLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    // A concurrent duplicate waits on the primary key until the first delivery commits, then inserts nothing;
    // if the first rolls back, the duplicate goes ahead and applies the event itself.
    private static final String CLAIM = """
            INSERT INTO billing_webhook_event (provider, event_id, type, outcome, received_at)
            VALUES (:provider, :eventId, :type, 'received', :now)
            ON CONFLICT (provider, event_id) DO NOTHING
            """;

    /** Claims the event for this transaction; false when it was applied before. */
    public boolean claim(PaymentProvider provider, String eventId, String type, Instant now) {
        return jdbc.sql(CLAIM)
                        .param("provider", provider.apiName())
                        .param("eventId", eventId)
                        .param("type", type)
                        .param("now", now.atOffset(ZoneOffset.UTC))
                        .update()
                == 1;
    }

    private static final String OUTCOME = """
            UPDATE billing_webhook_event SET outcome = :outcome, tenant_id = :tenantId
             WHERE provider = :provider AND event_id = :eventId
            """;

    public void outcome(PaymentProvider provider, String eventId, @Nullable WorkspaceId tenant, String outcome) {
        int updated = jdbc.sql(OUTCOME)
                .param("provider", provider.apiName())
                .param("eventId", eventId)
                .param("tenantId", tenant == null ? null : tenant.value())
                .param("outcome", outcome)
                .update();
        if (updated != 1) {
            throw new IllegalStateException("webhook event " + eventId + " was not claimed");
        }
    }

    /**
     * Records the outcome of an event applied after it was stored (a refund kept until its payment arrived); no
     * check, since the row may have been purged by then.
     */
    public void resolved(PaymentProvider provider, String eventId, WorkspaceId tenant, String outcome) {
        jdbc.sql(OUTCOME)
                .param("provider", provider.apiName())
                .param("eventId", eventId)
                .param("tenantId", tenant.value())
                .param("outcome", outcome)
                .update();
    }

    private static final String OUTCOME_OF = """
            SELECT outcome FROM billing_webhook_event WHERE provider = :provider AND event_id = :eventId
            """;

    /** The outcome recorded for an event, if it was received. */
    public java.util.Optional<String> outcomeOf(PaymentProvider provider, String eventId) {
        return jdbc.sql(OUTCOME_OF)
                .param("provider", provider.apiName())
                .param("eventId", eventId)
                .query(String.class)
                .optional();
    }

    private static final String COUNT = """
            SELECT COUNT(*) FROM billing_webhook_event WHERE provider = :provider
            """;

    public long count(PaymentProvider provider) {
        return jdbc.sql(COUNT)
                .param("provider", provider.apiName())
                .query(Long.class)
                .single();
    }
}
