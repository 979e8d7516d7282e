package io.levqor.billing.jdbc;

import io.levqor.billing.PaymentProvider;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Refund events whose payment is not recorded yet. Platform-wide, like the event log: until the payment arrives
 * nothing names the workspace.
 */
@Repository
public class PendingRefunds {

    /**
     * A refund kept for later.
     *
     * @param paymentKey the payment it names: Stripe's payment intent (or charge), Razorpay's payment id
     * @param refundedTotal the payment's refunded total as the provider reported it; null when it did not say
     */
    public record PendingRefund(
            PaymentProvider provider,
            String eventId,
            String paymentKey,
            @Nullable String refundId,
            long refundAmount,
            @Nullable Long refundedTotal,
            Instant happenedAt) {}

    private final JdbcClient jdbc;

    public PendingRefunds(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    // Payment and refund events of one provider are applied one at a time. Without this, a refund and its payment
    // arriving together could each miss the other (neither sees the other's uncommitted row) and the refund would
    // stay pending for good. Payment events are a few a month per workspace: one lock per provider is no
    // bottleneck, and it is taken before any row lock, so it cannot deadlock with them.
    private static final String SERIALIZE = """
            SELECT pg_advisory_xact_lock(hashtext('levqor.billing.payment-events:' || :provider))
            """;

    /** Until the caller's transaction ends, holds the provider's lock on applying payment and refund events. */
    public void serialize(PaymentProvider provider) {
        jdbc.sql(SERIALIZE).param("provider", provider.apiName()).query().listOfRows();
    }

    private static final String KEEP = """
            INSERT INTO billing_pending_refund (provider, event_id, payment_key, refund_id, refund_amount,
                                                refunded_total, happened_at, received_at)
            VALUES (:provider, :eventId, :paymentKey, :refundId, :refundAmount, :refundedTotal, :happenedAt, :now)
            ON CONFLICT (provider, event_id) DO NOTHING
            """;

    /** Keeps the refund; false when this event is kept already. */
    public boolean keep(PendingRefund refund, Instant now) {
        return jdbc.sql(KEEP)
                        .param("provider", refund.provider().apiName())
                        .param("eventId", refund.eventId())
                        .param("paymentKey", refund.paymentKey())
                        .param("refundId", refund.refundId())
                        .param("refundAmount", refund.refundAmount())
                        .param("refundedTotal", refund.refundedTotal())
                        .param("happenedAt", refund.happenedAt().atOffset(ZoneOffset.UTC))
                        .param("now", now.atOffset(ZoneOffset.UTC))
                        .update()
                == 1;
    }

    private static final String TAKE = """
            DELETE FROM billing_pending_refund
             WHERE provider = :provider
               AND payment_key IN (:keys)
            RETURNING provider, event_id, payment_key, refund_id, refund_amount, refunded_total, happened_at,
                      received_at
            """;

    /**
     * Removes and returns the refunds kept for a payment known by any of {@code keys}, oldest first: the caller
     * applies them in its transaction, so a rollback keeps them.
     */
    public List<PendingRefund> take(PaymentProvider provider, List<String> keys) {
        if (keys.isEmpty()) {
            return List.of();
        }
        return jdbc
                .sql(TAKE)
                .param("provider", provider.apiName())
                .param("keys", keys)
                .query(PendingRefunds::row)
                .list()
                .stream()
                .sorted(Comparator.comparing(PendingRefund::happenedAt).thenComparing(PendingRefund::eventId))
                .toList();
    }

    private static final String COUNT = """
            SELECT COUNT(*) FROM billing_pending_refund WHERE provider = :provider
            """;

    public long count(PaymentProvider provider) {
        return jdbc.sql(COUNT)
                .param("provider", provider.apiName())
                .query(Long.class)
                .single();
    }

    private static PendingRefund row(ResultSet rs, int n) throws SQLException {
        long total = rs.getLong("refunded_total");
        Long refundedTotal = rs.wasNull() ? null : total;
        return new PendingRefund(
                PaymentProvider.fromApiName(rs.getString("provider")).orElseThrow(),
                rs.getString("event_id"),
                rs.getString("payment_key"),
                rs.getString("refund_id"),
                rs.getLong("refund_amount"),
                refundedTotal,
                rs.getObject("happened_at", OffsetDateTime.class).toInstant());
    }
}
