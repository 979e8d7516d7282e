package io.levqor.billing.internal;

import io.levqor.billing.PaymentProvider;
import io.levqor.billing.Plans;
import io.levqor.billing.SubscriptionChanged;
import io.levqor.billing.SubscriptionState;
import io.levqor.billing.jdbc.AccountRepository;
import io.levqor.billing.jdbc.SubscriptionRepository;
import io.levqor.billing.jdbc.SubscriptionRepository.SubscriptionRow;
import io.levqor.shared.Ids;
import io.levqor.shared.WorkspaceId;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies what a provider says about a subscription, through the state machine. Providers deliver events late,
 * twice and out of order, so an event older than the newest one applied never changes the state, and a move the
 * transition table does not allow is refused whatever its time.
 */
@Component
public class SubscriptionLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SubscriptionLifecycle.class);

    /**
     * What one provider event says about a subscription.
     *
     * @param workspace from the event's metadata or notes; needed only the first time a subscription is seen
     * @param state null when the event says nothing about the state
     * @param eventAt the provider's time of the event
     */
    public record Observation(
            PaymentProvider provider,
            String externalId,
            @Nullable WorkspaceId workspace,
            @Nullable String plan,
            @Nullable SubscriptionState state,
            @Nullable String customerId,
            @Nullable Instant periodStart,
            @Nullable Instant periodEnd,
            Instant eventAt) {}

    private final SubscriptionRepository subscriptions;
    private final AccountRepository accounts;
    private final LedgerPostings postings;
    private final Plans plans;
    private final BillingSettings settings;
    private final ApplicationEventPublisher events;

    public SubscriptionLifecycle(
            SubscriptionRepository subscriptions,
            AccountRepository accounts,
            LedgerPostings postings,
            Plans plans,
            BillingSettings settings,
            ApplicationEventPublisher events) {
        this.subscriptions = subscriptions;
        this.accounts = accounts;
        this.postings = postings;
        this.plans = plans;
        this.settings = settings;
        this.events = events;
    }

    /** Applies the observation; the subscription after it, or empty when it cannot be traced to a workspace. */
    @Transactional
    public Optional<SubscriptionRow> observe(Observation seen, Instant now) {
        Optional<SubscriptionRow> existing = subscriptions.lockByExternalId(seen.provider(), seen.externalId());
        if (existing.isEmpty()) {
            if (seen.workspace() == null) {
                return Optional.empty();
            }
            SubscriptionRow created = new SubscriptionRow(
                    seen.workspace(),
                    Ids.newId(),
                    seen.provider(),
                    seen.externalId(),
                    knownPlan(seen.plan()).orElse(plans.free().id()),
                    seen.state() == null ? SubscriptionState.ACTIVE : seen.state(),
                    seen.customerId(),
                    seen.periodStart(),
                    seen.periodEnd(),
                    seen.state() == SubscriptionState.PAST_DUE ? now.plus(settings.gracePeriod()) : null,
                    seen.eventAt());
            postings.ensureAccount(created.tenant(), now);
            if (subscriptions.insert(created, now)) {
                changed(created, null, now);
                return Optional.of(created);
            }
            // another delivery created it a moment ago: apply this one on top of it
            existing = subscriptions.lockByExternalId(seen.provider(), seen.externalId());
        }
        SubscriptionRow row = existing.orElseThrow();
        return Optional.of(apply(row, seen, now));
    }

    private SubscriptionRow apply(SubscriptionRow row, Observation seen, Instant now) {
        boolean stale = seen.eventAt().isBefore(row.lastEventAt());
        // Facts that only fill gaps are taken from any event; what moves the subscription only from newer ones.
        String customer = row.customerId() != null ? row.customerId() : seen.customerId();
        Instant periodStart = row.periodStart();
        Instant periodEnd = row.periodEnd();
        if (seen.periodEnd() != null && (periodEnd == null || seen.periodEnd().isAfter(periodEnd))) {
            periodStart = seen.periodStart();
            periodEnd = seen.periodEnd();
        }
        SubscriptionState state = row.state();
        Instant graceUntil = row.graceUntil();
        String plan = row.plan();
        if (!stale && seen.state() != null && seen.state() != state) {
            if (state.canMoveTo(seen.state())) {
                state = seen.state();
                graceUntil = state == SubscriptionState.PAST_DUE ? now.plus(settings.gracePeriod()) : null;
            } else {
                log.info(
                        "Subscription {} stays {}: {} is not a move the state machine allows",
                        row.externalId(),
                        state.apiName(),
                        seen.state().apiName());
            }
        }
        if (!stale && state.grantsPlan()) {
            plan = knownPlan(seen.plan()).orElse(plan);
        }
        Instant lastEventAt = stale ? row.lastEventAt() : seen.eventAt();
        SubscriptionRow next = new SubscriptionRow(
                row.tenant(),
                row.id(),
                row.provider(),
                row.externalId(),
                plan,
                state,
                customer,
                periodStart,
                periodEnd,
                graceUntil,
                lastEventAt);
        if (!next.equals(row)) {
            subscriptions.update(next, now);
        }
        if (state != row.state() || !plan.equals(row.plan())) {
            changed(next, row.state(), now);
        }
        return next;
    }

    /** Moves a past-due subscription whose grace period is over to expired; the workspace falls back to free. */
    @Transactional
    public int expireOverdue(Instant now, int limit) {
        int expired = 0;
        for (SubscriptionRow row : subscriptions.lockOverdue(now, limit)) {
            SubscriptionRow next = new SubscriptionRow(
                    row.tenant(),
                    row.id(),
                    row.provider(),
                    row.externalId(),
                    row.plan(),
                    SubscriptionState.EXPIRED,
                    row.customerId(),
                    row.periodStart(),
                    row.periodEnd(),
                    null,
                    row.lastEventAt());
            subscriptions.update(next, now);
            changed(next, row.state(), now);
            expired++;
        }
        return expired;
    }

    private void changed(SubscriptionRow row, @Nullable SubscriptionState from, Instant now) {
        String effective = effectivePlan(row, now);
        events.publishEvent(new SubscriptionChanged(
                row.tenant(), row.id(), row.provider().apiName(), row.plan(), from, row.state(), effective, now));
    }

    // The workspace is on the plan of a subscription that grants one, else on another live one, else on free.
    private String effectivePlan(SubscriptionRow row, Instant now) {
        postings.ensureAccount(row.tenant(), now);
        String plan = row.state().grantsPlan()
                ? row.plan()
                : subscriptions.otherLive(row.tenant(), row.id()).stream()
                        .map(SubscriptionRow::plan)
                        .findFirst()
                        .orElse(plans.free().id());
        accounts.setPlan(row.tenant(), plan, now);
        return plan;
    }

    private Optional<String> knownPlan(@Nullable String plan) {
        return plan == null ? Optional.empty() : plans.find(plan).map(p -> p.id());
    }
}
