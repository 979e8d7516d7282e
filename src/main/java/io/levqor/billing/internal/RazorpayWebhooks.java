package io.levqor.billing.internal;

import static io.levqor.billing.internal.StripeWebhooks.firstText;
import static io.levqor.billing.internal.StripeWebhooks.text;
import static io.levqor.billing.internal.StripeWebhooks.workspaceOf;

import io.levqor.billing.PaymentProvider;
import io.levqor.billing.SubscriptionState;
import io.levqor.billing.internal.SubscriptionLifecycle.Observation;
import io.levqor.billing.jdbc.AccountRepository;
import io.levqor.billing.jdbc.PendingRefunds;
import io.levqor.billing.jdbc.PendingRefunds.PendingRefund;
import io.levqor.billing.jdbc.SubscriptionRepository.SubscriptionRow;
import io.levqor.billing.jdbc.WebhookEventLog;
import io.levqor.shared.Money;
import io.levqor.shared.WorkspaceId;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Razorpay's webhook: verify the signature over the raw body, then store the event (by its
 * {@code X-Razorpay-Event-Id}) and apply it in one transaction.
 */
@Component
public class RazorpayWebhooks {

    // Events that record a payment or refund it: applied one at a time (PendingRefunds.serialize).
    private static final Set<String> PAYMENT_EVENTS = Set.of("subscription.charged", "refund.processed");

    private final BillingSettings settings;
    private final JsonMapper json;
    private final Clock clock;
    private final WebhookEventLog eventLog;
    private final SubscriptionLifecycle lifecycle;
    private final Settlements settlements;
    private final PendingRefunds pendingRefunds;
    private final AccountRepository accounts;
    private final TransactionTemplate transaction;
    private final PaymentFees fees;

    public RazorpayWebhooks(
            BillingSettings settings,
            JsonMapper json,
            Clock clock,
            WebhookEventLog eventLog,
            SubscriptionLifecycle lifecycle,
            Settlements settlements,
            PendingRefunds pendingRefunds,
            AccountRepository accounts,
            PlatformTransactionManager transactions,
            PaymentFees fees) {
        this.fees = fees;
        this.accounts = accounts;
        this.settings = settings;
        this.json = json;
        this.clock = clock;
        this.eventLog = eventLog;
        this.lifecycle = lifecycle;
        this.settlements = settlements;
        this.pendingRefunds = pendingRefunds;
        this.transaction = new TransactionTemplate(transactions);
    }

    /**
     * Handles one delivery.
     *
     * @param eventId Razorpay's {@code X-Razorpay-Event-Id}; without it the body's hash identifies the event
     */
    public String receive(byte[] body, @Nullable String signature, @Nullable String eventId) {
        Instant now = clock.instant();
        RazorpaySignature.verify(signature, body, settings.razorpay().webhookSecrets());
        JsonNode event;
        try {
            event = json.readTree(body);
        } catch (JacksonException e) {
            throw new WebhookRejected("the body is not JSON");
        }
        String type = event.path("event").asString("");
        long created = event.path("created_at").asLong(0);
        JsonNode payload = event.path("payload");
        if (type.isBlank() || created <= 0 || !payload.isObject()) {
            throw new WebhookRejected("not a Razorpay event (event, created_at and payload are required)");
        }
        String id = eventId != null && !eventId.isBlank() ? eventId.trim() : "sha256:" + sha256(body);
        Instant at = Instant.ofEpochSecond(created);
        return transaction.execute(status -> {
            if (!eventLog.claim(PaymentProvider.RAZORPAY, id, type, now)) {
                return "duplicate";
            }
            if (PAYMENT_EVENTS.contains(type)) {
                pendingRefunds.serialize(PaymentProvider.RAZORPAY);
            }
            String outcome;
            WorkspaceId workspace;
            if (type.equals("refund.processed")) {
                // a refund before its payment is kept, not lost: "pending" until subscription.charged applies it
                var refund = refundProcessed(
                        id,
                        payload.path("refund").path("entity"),
                        payload.path("payment").path("entity"),
                        at,
                        now);
                workspace = refund.workspace().orElse(null);
                outcome = refund.outcome();
            } else {
                workspace = apply(type, payload, at, now).orElse(null);
                outcome = workspace != null ? "applied" : "unresolved";
            }
            eventLog.outcome(PaymentProvider.RAZORPAY, id, workspace, outcome);
            return outcome;
        });
    }

    private record Outcome(Optional<WorkspaceId> workspace, String outcome) {}

    private Optional<WorkspaceId> apply(String type, JsonNode payload, Instant at, Instant now) {
        JsonNode subscription = payload.path("subscription").path("entity");
        JsonNode payment = payload.path("payment").path("entity");
        return switch (type) {
            case "subscription.authenticated", "subscription.activated", "subscription.resumed" ->
                observe(subscription, SubscriptionState.ACTIVE, at, now).map(SubscriptionRow::tenant);
            case "subscription.charged" -> charged(subscription, payment, at, now);
            case "subscription.pending", "subscription.halted" ->
                observe(subscription, SubscriptionState.PAST_DUE, at, now).map(SubscriptionRow::tenant);
            case "subscription.cancelled" ->
                observe(subscription, SubscriptionState.CANCELED, at, now).map(SubscriptionRow::tenant);
            case "subscription.completed" ->
                observe(subscription, SubscriptionState.EXPIRED, at, now).map(SubscriptionRow::tenant);
            case "payment.failed" -> paymentFailed(subscription, payment, at, now);
            case "payment.captured" -> feeReported(payment);
            case "payment.dispute.created", "payment.dispute.lost" ->
                dispute(payload.path("dispute").path("entity"), payment, type.endsWith(".lost"), now);
            default -> Optional.empty();
        };
    }

    private Optional<SubscriptionRow> observe(
            JsonNode subscription, @Nullable SubscriptionState state, Instant at, Instant now) {
        String id = text(subscription, "id");
        if (id == null) {
            return Optional.empty();
        }
        JsonNode notes = subscription.path("notes");
        return lifecycle.observe(
                new Observation(
                        PaymentProvider.RAZORPAY,
                        id,
                        workspaceOf(text(notes, "workspace_id")),
                        text(notes, "plan"),
                        state,
                        text(subscription, "customer_id"),
                        StripeWebhooks.epoch(subscription.path("current_start")),
                        StripeWebhooks.epoch(subscription.path("current_end")),
                        at),
                now);
    }

    private Optional<WorkspaceId> charged(JsonNode subscription, JsonNode payment, Instant at, Instant now) {
        var row = observe(subscription, SubscriptionState.ACTIVE, at, now);
        String paymentId = text(payment, "id");
        if (row.isEmpty() || paymentId == null) {
            return row.map(SubscriptionRow::tenant);
        }
        long capturedAt = payment.path("created_at").asLong(0);
        settlements.invoicePaid(
                new Settlements.PaidInvoice(
                        PaymentProvider.RAZORPAY,
                        row.get(),
                        java.util.Objects.requireNonNull(firstText(text(payment, "invoice_id"), paymentId)),
                        paymentId,
                        null,
                        payment.path("amount").asLong(0),
                        payment.path("currency").asString("INR"),
                        capturedAt > 0 ? Instant.ofEpochSecond(capturedAt) : at,
                        feeOf(payment)),
                now);
        String email = text(payment, "email");
        if (email != null && email.indexOf('@') > 0) {
            accounts.setBillingEmail(row.get().tenant(), email, true, now);
        }
        return row.map(SubscriptionRow::tenant);
    }

    /**
     * The fee Razorpay took ({@code fee}, which includes the {@code tax} on it), in the payment's minor units; null
     * when the payment does not say (not captured yet) or was settled in another currency (an international payment's
     * fee is in the base currency), so the configured rate applies.
     */
    static @Nullable Long feeOf(JsonNode payment) {
        JsonNode fee = payment.path("fee");
        String base = text(payment, "base_currency");
        if (!fee.isIntegralNumber()
                || (base != null
                        && !base.equalsIgnoreCase(payment.path("currency").asString("INR")))) {
            return null;
        }
        return fee.asLong();
    }

    private Optional<WorkspaceId> feeReported(JsonNode payment) {
        String id = text(payment, "id");
        Long fee = feeOf(payment);
        return id == null || fee == null ? Optional.empty() : fees.reported(PaymentProvider.RAZORPAY, id, fee);
    }

    private Optional<WorkspaceId> paymentFailed(JsonNode subscription, JsonNode payment, Instant at, Instant now) {
        if (text(subscription, "id") == null) {
            // a failed payment names its subscription only in some payloads; Razorpay follows up with
            // subscription.pending / subscription.halted, which move it to past due
            String subscriptionId = text(payment, "subscription_id");
            if (subscriptionId == null) {
                return Optional.empty();
            }
            subscription = json.createObjectNode().put("id", subscriptionId);
        }
        var row = observe(subscription, SubscriptionState.PAST_DUE, at, now);
        row.ifPresent(r -> {
            long amount = payment.path("amount").asLong(0);
            String currency = payment.path("currency").asString("INR").toUpperCase(Locale.ROOT);
            String reason = firstText(text(payment, "error_description"), "payment failed");
            settlements.paymentFailed(r, amount > 0 ? Money.of(amount, currency) : null, "Razorpay: " + reason, at);
        });
        return row.map(SubscriptionRow::tenant);
    }

    /**
     * A chargeback: recorded when opened; it counts once lost, when Razorpay deducts the amount from the balance
     * ({@code amount_deducted} is 0 until then). Won or closed disputes are not handled (docs/billing.md).
     */
    private Optional<WorkspaceId> dispute(JsonNode dispute, JsonNode payment, boolean lost, Instant now) {
        String disputeId = text(dispute, "id");
        String paymentId = firstText(text(dispute, "payment_id"), text(payment, "id"));
        long deducted = dispute.path("amount_deducted").asLong(0);
        long amount = lost && deducted > 0 ? deducted : dispute.path("amount").asLong(0);
        if (disputeId == null || paymentId == null || amount <= 0) {
            return Optional.empty();
        }
        return settlements.disputeReported(
                PaymentProvider.RAZORPAY,
                paymentId,
                null,
                disputeId,
                amount,
                lost ? "lost" : firstText(text(dispute, "status"), "open"),
                lost,
                now);
    }

    private Outcome refundProcessed(String eventId, JsonNode refund, JsonNode payment, Instant at, Instant now) {
        String refundId = text(refund, "id");
        String paymentId = firstText(text(refund, "payment_id"), text(payment, "id"));
        if (refundId == null || paymentId == null) {
            return new Outcome(Optional.empty(), "unresolved");
        }
        // The payment entity carries the running total when Razorpay includes it; otherwise this refund adds to
        // what is recorded (Settlements decides, once the payment is there).
        long total = payment.path("amount_refunded").asLong(-1);
        var kept = new PendingRefund(
                PaymentProvider.RAZORPAY,
                eventId,
                paymentId,
                refundId,
                Math.max(0, refund.path("amount").asLong(0)),
                total >= 0 ? total : null,
                at);
        var workspace = settlements.refundReported(kept, null, now);
        return new Outcome(workspace, workspace.isPresent() ? "applied" : "pending");
    }

    private static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
