package io.levqor.billing.internal;

import io.levqor.billing.PaymentProvider;
import io.levqor.billing.Plans;
import io.levqor.billing.SubscriptionState;
import io.levqor.billing.internal.SubscriptionLifecycle.Observation;
import io.levqor.billing.jdbc.AccountRepository;
import io.levqor.billing.jdbc.PaymentRepository;
import io.levqor.billing.jdbc.SubscriptionRepository.SubscriptionRow;
import io.levqor.billing.jdbc.WebhookEventLog;
import io.levqor.shared.Money;
import io.levqor.shared.WorkspaceId;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stripe's webhook: verify the signature, then store the event and apply it in one transaction, so a redelivery
 * (or ten concurrent ones) finds the event stored and changes nothing.
 */
@Component
public class StripeWebhooks {

    private final BillingSettings settings;
    private final JsonMapper json;
    private final Clock clock;
    private final WebhookEventLog eventLog;
    private final SubscriptionLifecycle lifecycle;
    private final Settlements settlements;
    private final PaymentRepository payments;
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
            AccountRepository accounts,
            Plans plans,
            PlatformTransactionManager transactions) {
        this.plans = plans;
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
            Applied applied = apply(type, object, at, now);
            eventLog.outcome(PaymentProvider.STRIPE, id, applied.workspace(), applied.outcome());
            return applied.outcome();
        });
    }

    private record Applied(@Nullable WorkspaceId workspace, String outcome) {
        static Applied to(Optional<SubscriptionRow> row) {
            return row.map(r -> new Applied(r.tenant(), "applied")).orElse(new Applied(null, "unresolved"));
        }
    }

    private Applied apply(String type, JsonNode object, Instant at, Instant now) {
        return switch (type) {
            case "checkout.session.completed" -> checkoutCompleted(object, at, now);
            case "invoice.paid" -> invoicePaid(object, at, now);
            case "invoice.payment_failed" -> invoiceFailed(object, at, now);
            case "customer.subscription.created", "customer.subscription.updated" ->
                Applied.to(subscriptionChanged(
                        object, stateOf(object.path("status").asString("")), at, now));
            case "customer.subscription.deleted" ->
                Applied.to(subscriptionChanged(object, SubscriptionState.CANCELED, at, now));
            case "charge.refunded" -> chargeRefunded(object, now);
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
        String paymentIntent = firstText(
                idOf(invoice.path("payment_intent")),
                idOf(invoice.path("payments")
                        .path("data")
                        .path(0)
                        .path("payment")
                        .path("payment_intent")));
        String charge = idOf(invoice.path("charge"));
        String paymentId = firstText(paymentIntent, charge, invoiceId);
        long paidAt = invoice.path("status_transitions").path("paid_at").asLong(0);
        settlements.invoicePaid(
                new Settlements.PaidInvoice(
                        PaymentProvider.STRIPE,
                        row.get(),
                        invoiceId,
                        paymentId,
                        charge,
                        invoice.path("amount_paid").asLong(0),
                        invoice.path("currency").asString("usd"),
                        paidAt > 0 ? Instant.ofEpochSecond(paidAt) : at),
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

    private Applied chargeRefunded(JsonNode charge, Instant now) {
        String chargeId = charge.path("id").asString("");
        String paymentIntent = idOf(charge.path("payment_intent"));
        var payment = payments.lockByExternalId(PaymentProvider.STRIPE, paymentIntent, chargeId);
        if (payment.isEmpty()) {
            return new Applied(null, "unresolved");
        }
        // amount_refunded is the running total; the delta against what is recorded is what is new.
        settlements.refunded(payment.get(), charge.path("amount_refunded").asLong(0), null, 0, now);
        return new Applied(payment.get().tenant(), "applied");
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

    /** An id given either as a string or as an expanded object. */
    static @Nullable String idOf(JsonNode node) {
        String value = node.isObject() ? node.path("id").asString("") : node.asString("");
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
