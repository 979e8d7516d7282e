package io.levqor.billing.jdbc;

import io.levqor.billing.PaymentProvider;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Which payment intent (or charge) paid a Stripe invoice, from {@code invoice_payment.paid}: since API version
 * 2025-03-31.basil the invoice itself no longer says.
 */
@Repository
public class InvoicePayments {

    /** The payment behind an invoice; at least one of the two is set. */
    public record InvoicePayment(
            @Nullable String paymentIntent, @Nullable String chargeId) {}

    private final JdbcClient jdbc;

    public InvoicePayments(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    // The first payment reported for an invoice is the one kept: Levqor's subscription invoices are paid once.
    private static final String REMEMBER = """
            INSERT INTO billing_invoice_payment (provider, invoice_id, payment_intent, charge_id, event_id, received_at)
            VALUES (:provider, :invoiceId, :paymentIntent, :chargeId, :eventId, :now)
            ON CONFLICT (provider, invoice_id) DO NOTHING
            """;

    public void remember(
            PaymentProvider provider, String invoiceId, InvoicePayment payment, String eventId, Instant now) {
        jdbc.sql(REMEMBER)
                .param("provider", provider.apiName())
                .param("invoiceId", invoiceId)
                .param("paymentIntent", payment.paymentIntent())
                .param("chargeId", payment.chargeId())
                .param("eventId", eventId)
                .param("now", now.atOffset(ZoneOffset.UTC))
                .update();
    }

    private static final String FIND = """
            SELECT payment_intent, charge_id FROM billing_invoice_payment
             WHERE provider = :provider AND invoice_id = :invoiceId
            """;

    public Optional<InvoicePayment> find(PaymentProvider provider, String invoiceId) {
        return jdbc.sql(FIND)
                .param("provider", provider.apiName())
                .param("invoiceId", invoiceId)
                .query((rs, n) -> new InvoicePayment(rs.getString("payment_intent"), rs.getString("charge_id")))
                .optional();
    }
}
