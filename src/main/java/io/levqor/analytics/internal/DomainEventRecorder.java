package io.levqor.analytics.internal;

import io.levqor.analytics.ProductEvent;
import io.levqor.analytics.ProductEvents;
import io.levqor.analytics.jdbc.EventStore;
import io.levqor.billing.PaymentFailed;
import io.levqor.billing.PaymentRefunded;
import io.levqor.billing.PaymentSucceeded;
import io.levqor.billing.Plan;
import io.levqor.billing.Plans;
import io.levqor.billing.SubscriptionChanged;
import io.levqor.growth.ReferralRewarded;
import io.levqor.identity.EmailVerified;
import io.levqor.identity.MemberJoined;
import io.levqor.identity.UserSignedUp;
import io.levqor.identity.WorkspaceCreated;
import io.levqor.identity.WorkspaceDeleted;
import io.levqor.shared.UserId;
import io.levqor.shared.WorkspaceId;
import io.levqor.workflow.WorkflowChanged;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Records the modules' domain events as product events. Each is keyed by the domain event's identity (a run id, a
 * payment id, a subscription's state change and its time…), so a redelivered event adds nothing. Events that carry
 * no time of their own are stamped when they are heard: listeners run right after the publishing commit.
 * Properties carry ids, plans and amounts, never e-mail addresses or error texts (they may hold personal data). Run
 * outcomes are not heard here but by {@link RunOutcomeRecorder}, in batches.
 */
@Component
class DomainEventRecorder {

    private final ProductEvents events;
    private final EventStore store;
    private final Plans plans;
    private final Clock clock;

    DomainEventRecorder(ProductEvents events, EventStore store, Plans plans, Clock clock) {
        this.events = events;
        this.store = store;
        this.plans = plans;
        this.clock = clock;
    }

    @ApplicationModuleListener
    void on(UserSignedUp event) {
        record(
                "signed_up:" + event.user(),
                "signed_up",
                now(),
                event.workspace(),
                event.user(),
                props("referred", event.referralCode() != null));
    }

    @ApplicationModuleListener
    void on(EmailVerified event) {
        record("email_verified:" + event.user(), "email_verified", now(), null, event.user(), Map.of());
    }

    @ApplicationModuleListener
    void on(WorkspaceCreated event) {
        record(
                "workspace_created:" + event.workspace(),
                "workspace_created",
                now(),
                event.workspace(),
                event.owner(),
                Map.of());
    }

    @ApplicationModuleListener
    void on(WorkspaceDeleted event) {
        record("workspace_deleted:" + event.workspace(), "workspace_deleted", now(), event.workspace(), null, Map.of());
    }

    @ApplicationModuleListener
    void on(MemberJoined event) {
        record(
                "member_joined:" + event.workspace() + ":" + event.user(),
                "member_joined",
                now(),
                event.workspace(),
                event.user(),
                props("role", event.role().name().toLowerCase(java.util.Locale.ROOT)));
    }

    @ApplicationModuleListener
    void on(WorkflowChanged event) {
        Map<String, @Nullable Object> props = props(
                "workflowId",
                event.workflow().toString(),
                "trigger",
                event.trigger().type());
        Instant at = now();
        // A workflow is created at version 1; later events about version 1 (activation, a rotated token) hit the
        // same key. Activation is recorded the first time only: that is the milestone a funnel asks about.
        if (event.version() == 1 && !event.deleted()) {
            record("workflow_created:" + event.workflow(), "workflow_created", at, event.workspace(), null, props);
        }
        if (event.active()) {
            record("workflow_activated:" + event.workflow(), "workflow_activated", at, event.workspace(), null, props);
        }
        if (event.deleted()) {
            record("workflow_deleted:" + event.workflow(), "workflow_deleted", at, event.workspace(), null, props);
        }
    }

    @ApplicationModuleListener
    void on(SubscriptionChanged event) {
        String identity = event.subscriptionId() + ":" + event.to().apiName() + ":" + event.at();
        String before = store.effectivePlanBefore(event.workspace(), event.at())
                .orElse(plans.free().id());
        Map<String, @Nullable Object> props = props(
                "subscriptionId", event.subscriptionId().toString(),
                "provider", event.provider(),
                "plan", event.plan(),
                "from", event.from() == null ? null : event.from().apiName(),
                "to", event.to().apiName(),
                "previousPlan", before,
                "effectivePlan", event.effectivePlan());
        record("plan_changed:" + identity, "plan_changed", event.at(), event.workspace(), null, props);
        // Bigger or smaller by the credits a month buys: the catalogue's order (free < starter < pro < business).
        long from = rank(before);
        long to = rank(event.effectivePlan());
        if (to > from) {
            record("plan_upgraded:" + identity, "plan_upgraded", event.at(), event.workspace(), null, props);
        } else if (to < from) {
            record("plan_downgraded:" + identity, "plan_downgraded", event.at(), event.workspace(), null, props);
        }
    }

    @ApplicationModuleListener
    void on(PaymentSucceeded event) {
        record(
                "payment_succeeded:" + event.paymentId(),
                "payment_succeeded",
                event.at(),
                event.workspace(),
                null,
                props(
                        "paymentId", event.paymentId().toString(),
                        "provider", event.provider(),
                        "plan", event.plan(),
                        "amount", event.amount().amount(),
                        "currency", event.amount().currency().getCurrencyCode()));
    }

    @ApplicationModuleListener
    void on(PaymentFailed event) {
        // No payment id: the attempt is known by its workspace, provider and time.
        record(
                "payment_failed:" + event.workspace() + ":" + event.provider() + ":" + event.at(),
                "payment_failed",
                event.at(),
                event.workspace(),
                null,
                props(
                        "provider",
                        event.provider(),
                        "plan",
                        event.plan(),
                        "amount",
                        event.amount() == null ? null : event.amount().amount(),
                        "currency",
                        event.amount() == null
                                ? null
                                : event.amount().currency().getCurrencyCode()));
    }

    @ApplicationModuleListener
    void on(PaymentRefunded event) {
        // Published once per new refunded total: the total is part of the identity.
        record(
                "payment_refunded:" + event.paymentId() + ":"
                        + event.refundedTotal().amount(),
                "payment_refunded",
                event.at(),
                event.workspace(),
                null,
                props(
                        "paymentId", event.paymentId().toString(),
                        "amount", event.refunded().amount(),
                        "refundedTotal", event.refundedTotal().amount(),
                        "currency", event.refunded().currency().getCurrencyCode()));
    }

    @ApplicationModuleListener
    void on(ReferralRewarded event) {
        record(
                "referral_rewarded:" + event.referral(),
                "referral_rewarded",
                event.at(),
                event.workspace(),
                event.referrer(),
                props(
                        "referralId", event.referral().toString(),
                        "referredWorkspaceId", event.referredWorkspace().toString(),
                        "credits", event.credits()));
    }

    private long rank(String plan) {
        Plan found = plans.orFree(plan);
        return found.monthlyCredits();
    }

    private void record(
            String key,
            String name,
            Instant at,
            @Nullable WorkspaceId workspace,
            @Nullable UserId user,
            Map<String, @Nullable Object> properties) {
        events.recordOnce(key, new ProductEvent(name, at, workspace, user, properties));
    }

    private Instant now() {
        return clock.instant();
    }

    private static Map<String, @Nullable Object> props(@Nullable Object... pairs) {
        Map<String, @Nullable Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
