package io.levqor.billing.internal;

import io.levqor.billing.PaymentProvider;
import io.levqor.billing.Plans;
import io.levqor.billing.SubscriptionState;
import io.levqor.billing.internal.SubscriptionLifecycle.Observation;
import io.levqor.billing.jdbc.AccountRepository;
import io.levqor.billing.jdbc.InvoicePayments;
import io.levqor.billing.jdbc.InvoicePayments.InvoicePayment;
import io.levqor.billing.jdbc.PaymentRepository;
import io.levqor.billing.jdbc.PendingRefunds;
import io.levqor.billing.jdbc.PendingRefunds.PendingRefund;
import io.levqor.billing.jdbc.SubscriptionRepository.SubscriptionRow;
import io.levqor.billing.jdbc.WebhookEventLog;
import io.levqor.shared.Money;
import io.levqor.shared.WorkspaceId;
import java.time.Clock;
import java.time.Instant;
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
 * Stripe's webhook: verify the signature, then store the event and apply it in one transaction, so a redelivery
 * (or ten concurrent ones) finds the event stored and changes nothing. Reads the payload shapes of API versions
 * before and after 2025-03-31.basil (docs/billing.md lists them).
 */
@Component
public class StripeWebhooks {

    // Events that record a payment, name it, or refund it: applied one at a time (PendingRefunds.serialize).
    private static final Set<String> PAYMENT_EVENTS = Set.of("invoice.paid", "invoice_payment.paid", "charge.refunded");

    private final BillingSettings settings;
    private final JsonMapper json;
    private final Clock clock;
    private final WebhookEventLog eventLog;
    private final SubscriptionLifecycle lifecycle;
    private final Settlements settlements;
    private final PaymentRepository payments;
    private final PendingRefunds pendingRefunds;
    private final InvoicePayments invoicePayments;
    private final AccountRepository accounts;
    private final Plans plans;
    private final TransactionTemplate transaction;

    public StripeWebhooks(
            BillingSettings settings,
            JsonMapper json,
            Clock clock,
            WebhookEventLog eventLog,
            SubscriptionLifecycle lifecycle,
            Settlements settlements,
            PaymentRepository payments,
            PendingRefunds pendingRefunds,
            InvoicePayments invoicePayments,
            AccountRepository accounts,
            Plans plans,
            PlatformTransactionManager transactions) {
        this.plans = plans;
        this.pendingRefunds = pendingRefunds;
        this.invoicePayments = invoicePayments;
        this.settings = settings;
        this.json = json;
        this.clock = clock;
        this.eventLog = eventLog;
        this.lifecycle = lifecycle;
        this.settlements = settlements;
        this.payments = payments;
        this.accounts = accounts;
        this.transaction = new TransactionTemplate(transactions);
    }

    /** Handles one delivery; the outcome ({@code applied}, {@code duplicate}, {@code ignored}, …) for the log. */
    public String receive(byte[] body, @Nullable String signature) {
        Instant now = clock.instant();
        StripeSignature.verify(
                signature,
                body,
                settings.stripe().webhookSecrets(),
                now,
                settings.stripe().tolerance());
        JsonNode event = parse(body);
        String id = event.path("id").asString("");
        String type = event.path("type").asString("");
        long created = event.path("created").asLong(0);
        JsonNode object = event.path("data").path("object");
        if (id.isBlank() || type.isBlank() || created <= 0 || !object.isObject()) {
            throw new WebhookRejected("not a Stripe event (id, type, created and data.object are required)");
        }
        Instant at = Instant.ofEpochSecond(created);
        return transaction.execute(status -> {
            if (!eventLog.claim(PaymentProvider.STRIPE, id, type, now)) {
                return "duplicate";
            }
            if (PAYMENT_EVENTS.contains(type)) {
                pendingRefunds.serialize(PaymentProvider.STRIPE);
            }
            Applied applied = apply(id, type, object, at, now);
            eventLog.outcome(PaymentProvider.STRIPE, id, applied.workspace(), applied.outcome());
            return applied.outcome();
        });
    }

    private record Applied(@Nullable WorkspaceId workspace, String outcome) {
        static Applied to(Optional<SubscriptionRow> row) {
            return row.map(r -> new Applied(r.tenant(), "applied")).orElse(new Applied(null, "unresolved"));
        }
    }

    private Applied apply(String eventId, String type, JsonNode object, Instant at, Instant now) {
        return switch (type) {
            case "checkout.session.completed" -> checkoutCompleted(object, at, now);
            case "invoice.paid" -> invoicePaid(object, at, now);
            case "invoice_payment.paid" -> invoicePaymentPaid(object, eventId, now);
            case "invoice.payment_failed" -> invoiceFailed(object, at, now);
            case "customer.subscription.created", "customer.subscription.updated" ->
                Applied.to(subscriptionChanged(
                        object, stateOf(object.path("status").asString("")), at, now));
            case "customer.subscription.deleted" ->
                Applied.to(subscriptionChanged(object, SubscriptionState.CANCELED, at, now));
            case "charge.refunded" -> chargeRefunded(object, eventId, at, now);
            case "charge.dispute.created" -> disputeCreated(object, now);
            default -> new Applied(null, "ignored");
        };
    }

    private Applied checkoutCompleted(JsonNode session, Instant at, Instant now) {
        String subscription = idOf(session.path("subscription"));
        if (!"subscription".equals(session.path("mode").asString("")) || subscription == null) {
            return new Applied(null, "ignored");
        }
        WorkspaceId workspace =
                workspaceOf(text(session, "client_reference_id"), text(session.path("metadata"), "workspace_id"));
        String customer = idOf(session.path("customer"));
        var state = "paid".equals(session.path("payment_status").asString(""))
                ? SubscriptionState.ACTIVE
                : SubscriptionState.TRIALING;
        var row = lifecycle.observe(
                new Observation(
                        PaymentProvider.STRIPE,
                        subscription,
                        workspace,
                        text(session.path("metadata"), "plan"),
                        state,
                        customer,
                        null,
                        null,
                        at),
                now);
        row.ifPresent(r -> {
            rememberCustomer(r.tenant(), customer, now);
            rememberPayer(r.tenant(), text(session.path("customer_details"), "email"), now);
        });
        return Applied.to(row);
    }

    private Applied invoicePaid(JsonNode invoice, Instant at, Instant now) {
        var row = invoiceSubscription(invoice, SubscriptionState.ACTIVE, at, now);
        if (row.isEmpty()) {
            return new Applied(null, subscriptionIdOf(invoice) == null ? "ignored" : "unresolved");
        }
        String invoiceId = invoice.path("id").asString("");
        // Before basil the invoice names its payment; since, only its payments list does (when Stripe includes it),
        // or the invoice_payment.paid event, which may have come first.
        InvoicePayment paidBy = paymentOf(invoice);
        if (paidBy == null && !invoiceId.isBlank()) {
            paidBy = invoicePayments.find(PaymentProvider.STRIPE, invoiceId).orElse(null);
        }
        String charge = paidBy == null ? null : paidBy.chargeId();
        // Until the intent is known the payment is recorded under its invoice id; invoice_payment.paid names it.
        String paymentId = paidBy == null ? invoiceId : firstText(paidBy.paymentIntent(), charge);
        long paidAt = invoice.path("status_transitions").path("paid_at").asLong(0);
        settlements.invoicePaid(
                new Settlements.PaidInvoice(
                        PaymentProvider.STRIPE,
                        row.get(),
                        invoiceId,
                        java.util.Objects.requireNonNull(paymentId),
                        charge,
                        invoice.path("amount_paid").asLong(0),
                        invoice.path("currency").asString("usd"),
                        paidAt > 0 ? Instant.ofEpochSecond(paidAt) : at,
                        feeOf(invoice)),
                now);
        rememberCustomer(row.get().tenant(), idOf(invoice.path("customer")), now);
        rememberPayer(row.get().tenant(), text(invoice, "customer_email"), now);
        return new Applied(row.get().tenant(), "applied");
    }

    private Applied invoiceFailed(JsonNode invoice, Instant at, Instant now) {
        var row = invoiceSubscription(invoice, SubscriptionState.PAST_DUE, at, now);
        if (row.isEmpty()) {
            return new Applied(null, subscriptionIdOf(invoice) == null ? "ignored" : "unresolved");
        }
        long due = invoice.path("amount_due").asLong(0);
        String currency = invoice.path("currency").asString("usd").toUpperCase(Locale.ROOT);
        settlements.paymentFailed(
                row.get(),
                due > 0 ? Money.of(due, currency) : null,
                "Stripe could not collect invoice " + invoice.path("id").asString("") + " (attempt "
                        + invoice.path("attempt_count").asLong(1) + ")",
                at);
        return new Applied(row.get().tenant(), "applied");
    }

    private Optional<SubscriptionRow> invoiceSubscription(
            JsonNode invoice, SubscriptionState state, Instant at, Instant now) {
        String subscription = subscriptionIdOf(invoice);
        if (subscription == null) {
            return Optional.empty();
        }
        JsonNode metadata = invoice.path("subscription_details").path("metadata");
        if (metadata.isMissingNode()) {
            metadata = invoice.path("parent").path("subscription_details").path("metadata");
        }
        JsonNode period = invoice.path("lines").path("data").path(0).path("period");
        return lifecycle.observe(
                new Observation(
                        PaymentProvider.STRIPE,
                        subscription,
                        workspaceOf(text(metadata, "workspace_id")),
                        text(metadata, "plan"),
                        state,
                        idOf(invoice.path("customer")),
                        epoch(period.path("start")),
                        epoch(period.path("end")),
                        at),
                now);
    }

    private Optional<SubscriptionRow> subscriptionChanged(
            JsonNode subscription, @Nullable SubscriptionState state, Instant at, Instant now) {
        String id = subscription.path("id").asString("");
        if (id.isBlank()) {
            return Optional.empty();
        }
        JsonNode item = subscription.path("items").path("data").path(0);
        Instant start = epoch(subscription.path("current_period_start"));
        Instant end = epoch(subscription.path("current_period_end"));
        if (end == null) {
            start = epoch(item.path("current_period_start"));
            end = epoch(item.path("current_period_end"));
        }
        JsonNode metadata = subscription.path("metadata");
        var row = lifecycle.observe(
                new Observation(
                        PaymentProvider.STRIPE,
                        id,
                        workspaceOf(text(metadata, "workspace_id")),
                        firstText(planOfPrice(item.path("price")), text(metadata, "plan")),
                        state,
                        idOf(subscription.path("customer")),
                        start,
                        end,
                        at),
                now);
        row.ifPresent(r -> rememberCustomer(r.tenant(), idOf(subscription.path("customer")), now));
        return row;
    }

    /**
     * The plan a subscription item's price stands for, when the customer switched plans in the portal (the
     * metadata still names the plan bought at checkout): the plan whose configured Stripe price id it is, or the
     * only plan with that monthly amount in that currency.
     */
    private @Nullable String planOfPrice(JsonNode price) {
        String priceId = text(price, "id");
        for (BillingSettings.PlanSettings plan : settings.plans()) {
            if (priceId != null && priceId.equals(plan.stripePriceId())) {
                return plan.id();
            }
        }
        long amount = price.path("unit_amount").asLong(-1);
        String currency = price.path("currency").asString("").toUpperCase(Locale.ROOT);
        if (amount <= 0 || currency.isEmpty()) {
            return null;
        }
        var matching = plans.all().stream()
                .filter(p -> p.price(currency).map(m -> m.amount() == amount).orElse(false))
                .toList();
        return matching.size() == 1 ? matching.getFirst().id() : null;
    }

    /**
     * {@code invoice_payment.paid} (API versions since 2025-03-31.basil): which payment intent, or charge, paid an
     * invoice. Remembered for an {@code invoice.paid} still to come; a payment recorded under the invoice id is
     * named by it, and the refunds that were waiting for that intent are applied.
     */
    private Applied invoicePaymentPaid(JsonNode invoicePayment, String eventId, Instant now) {
        String invoiceId = idOf(invoicePayment.path("invoice"));
        InvoicePayment paidBy = paymentDetails(invoicePayment.path("payment"));
        if (invoiceId == null || paidBy == null) {
            return new Applied(null, "ignored"); // a payment record outside Stripe: nothing to refund through it
        }
        invoicePayments.remember(PaymentProvider.STRIPE, invoiceId, paidBy, eventId, now);
        var payment = payments.lockByInvoice(PaymentProvider.STRIPE, invoiceId);
        if (payment.isEmpty()) {
            return new Applied(null, "pending"); // invoice.paid reads the link when it arrives
        }
        var row = payment.get();
        String key = java.util.Objects.requireNonNull(firstText(paidBy.paymentIntent(), paidBy.chargeId()));
        if (payments.identify(row.tenant(), row.id(), key, paidBy.chargeId())) {
            settlements.applyPendingRefunds(payments.lockById(row.id()).orElseThrow(), now);
        }
        return new Applied(row.tenant(), "applied");
    }

    private Applied chargeRefunded(JsonNode charge, String eventId, Instant at, Instant now) {
        String chargeId = charge.path("id").asString("");
        String paymentIntent = idOf(charge.path("payment_intent"));
        String key = firstText(paymentIntent, chargeId);
        if (key == null) {
            return new Applied(null, "ignored");
        }
        // amount_refunded is the running total; the delta against what is recorded is what is new.
        var refund = new PendingRefund(
                PaymentProvider.STRIPE,
                eventId,
                key,
                null,
                0,
                Math.max(0, charge.path("amount_refunded").asLong(0)),
                at);
        return settlements
                .refundReported(refund, chargeId.isBlank() ? null : chargeId, now)
                .map(tenant -> new Applied(tenant, "applied"))
                .orElse(new Applied(null, "pending"));
    }

    /**
     * A chargeback opened: Stripe takes the disputed amount from the balance when the dispute is created, so it
     * counts at once. A dispute closed as won is not reinstated (docs/billing.md "Disputes").
     */
    private Applied disputeCreated(JsonNode dispute, Instant now) {
        String disputeId = dispute.path("id").asString("");
        String chargeId = idOf(dispute.path("charge"));
        String key = firstText(idOf(dispute.path("payment_intent")), chargeId);
        long amount = dispute.path("amount").asLong(0);
        if (disputeId.isBlank() || key == null || amount <= 0) {
            return new Applied(null, "ignored");
        }
        return settlements
                .disputeReported(
                        PaymentProvider.STRIPE,
                        key,
                        chargeId,
                        disputeId,
                        amount,
                        dispute.path("status").asString("needs_response"),
                        true,
                        now)
                .map(tenant -> new Applied(tenant, "applied"))
                .orElse(new Applied(null, "unresolved"));
    }

    /**
     * The payment an invoice names: {@code payment_intent} / {@code charge} before basil; since, the paid entry of
     * its {@code payments} list ({@code invoice_payment} objects) when the payload includes it.
     */
    static @Nullable InvoicePayment paymentOf(JsonNode invoice) {
        String paymentIntent = idOf(invoice.path("payment_intent"));
        String charge = idOf(invoice.path("charge"));
        if (paymentIntent != null || charge != null) {
            return new InvoicePayment(paymentIntent, charge);
        }
        JsonNode chosen = null;
        for (JsonNode entry : invoice.path("payments").path("data")) {
            boolean paid = "paid".equals(entry.path("status").asString(""));
            if (chosen == null || (paid && !"paid".equals(chosen.path("status").asString("")))) {
                chosen = entry;
            }
        }
        return chosen == null ? null : paymentDetails(chosen.path("payment"));
    }

    /**
     * The fee Stripe took, when the payload expanded the charge's balance transaction (the invoice's charge, its
     * intent's latest charge, or its payments list's); null otherwise (the configured rate applies). A balance
     * transaction in another currency than the invoice's (settled in the account's currency) is not used either.
     */
    static @Nullable Long feeOf(JsonNode invoice) {
        String currency = invoice.path("currency").asString("");
        java.util.List<JsonNode> charges = new java.util.ArrayList<>();
        charges.add(invoice.path("charge"));
        charges.add(invoice.path("payment_intent").path("latest_charge"));
        for (JsonNode entry : invoice.path("payments").path("data")) {
            charges.add(entry.path("payment").path("charge"));
            charges.add(entry.path("payment").path("payment_intent").path("latest_charge"));
        }
        for (JsonNode charge : charges) {
            JsonNode balance = charge.path("balance_transaction");
            if (balance.isObject()
                    && balance.path("fee").isIntegralNumber()
                    && balance.path("currency").asString("").equalsIgnoreCase(currency)) {
                return balance.path("fee").asLong();
            }
        }
        return null;
    }

    /** An invoice payment's {@code payment}: {@code {type, payment_intent | charge}}, either possibly expanded. */
    static @Nullable InvoicePayment paymentDetails(JsonNode payment) {
        JsonNode intent = payment.path("payment_intent");
        String paymentIntent = idOf(intent);
        // an expanded intent names its charge; an unexpanded one does not, and the charge field is set only for a
        // charge without an intent
        String charge =
                firstText(idOf(payment.path("charge")), intent.isObject() ? idOf(intent.path("latest_charge")) : null);
        if (paymentIntent == null && charge == null) {
            return null;
        }
        return new InvoicePayment(paymentIntent, charge);
    }

    private void rememberCustomer(WorkspaceId workspace, @Nullable String customer, Instant now) {
        if (customer == null) {
            return;
        }
        var account = accounts.find(workspace);
        if (account.isPresent() && !customer.equals(account.get().stripeCustomerId())) {
            accounts.setStripeCustomer(workspace, customer, now);
        }
    }

    private void rememberPayer(WorkspaceId workspace, @Nullable String email, Instant now) {
        if (email != null && email.indexOf('@') > 0) {
            accounts.setBillingEmail(workspace, email, true, now);
        }
    }

    /** Stripe's subscription statuses on the state machine; null for those that say nothing (incomplete). */
    static @Nullable SubscriptionState stateOf(String status) {
        return switch (status) {
            case "trialing" -> SubscriptionState.TRIALING;
            case "active" -> SubscriptionState.ACTIVE;
            case "past_due", "unpaid", "paused" -> SubscriptionState.PAST_DUE;
            case "canceled" -> SubscriptionState.CANCELED;
            case "incomplete_expired" -> SubscriptionState.EXPIRED;
            default -> null;
        };
    }

    private static @Nullable String subscriptionIdOf(JsonNode invoice) {
        return firstText(
                idOf(invoice.path("subscription")),
                idOf(invoice.path("parent").path("subscription_details").path("subscription")));
    }

    private JsonNode parse(byte[] body) {
        try {
            return json.readTree(body);
        } catch (JacksonException e) {
            throw new WebhookRejected("the body is not JSON");
        }
    }

    /** An id given either as a string or as an expanded object; null when absent or JSON null. */
    static @Nullable String idOf(JsonNode node) {
        JsonNode id = node.isObject() ? node.path("id") : node;
        if (!id.isString()) {
            return null;
        }
        String value = id.asString("");
        return value.isBlank() ? null : value;
    }

    static @Nullable String text(JsonNode node, String field) {
        String value = node.path(field).asString("");
        return value.isBlank() ? null : value;
    }

    static @Nullable String firstText(@Nullable String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }

    static @Nullable WorkspaceId workspaceOf(@Nullable String... candidates) {
        for (String candidate : candidates) {
            if (candidate != null) {
                try {
                    return WorkspaceId.of(candidate);
                } catch (IllegalArgumentException e) {
                    // not ours: try the next
                }
            }
        }
        return null;
    }

    static @Nullable Instant epoch(JsonNode seconds) {
        long value = seconds.asLong(0);
        return value > 0 ? Instant.ofEpochSecond(value) : null;
    }
}
