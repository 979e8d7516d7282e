package io.levqor.billing;

import io.levqor.billing.internal.Admission;
import io.levqor.billing.internal.BillingSettings;
import io.levqor.billing.internal.LlmPricing;
import io.levqor.billing.internal.SpendLimits;
import io.levqor.billing.jdbc.AccountRepository;
import io.levqor.billing.jdbc.RunCounter;
import io.levqor.billing.jdbc.SubscriptionRepository;
import io.levqor.identity.WorkspaceSuspensions;
import io.levqor.shared.WorkspaceId;
import java.time.Clock;
import java.time.LocalDate;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/** What a workspace's plan allows and how much of it is used: the billing pages and the rate limiter read it. */
@Service
public class Quotas {

    private final BillingSettings settings;
    private final Plans plans;
    private final AccountRepository accounts;
    private final RunCounter counter;
    private final SubscriptionRepository subscriptions;
    private final SpendLimits spendLimits;
    private final WorkspaceSuspensions workspaces;
    private final LlmSpendGate llmGate;
    private final LlmPricing pricing;
    private final Clock clock;

    public Quotas(
            BillingSettings settings,
            Plans plans,
            AccountRepository accounts,
            RunCounter counter,
            SubscriptionRepository subscriptions,
            SpendLimits spendLimits,
            WorkspaceSuspensions workspaces,
            LlmSpendGate llmGate,
            LlmPricing pricing,
            Clock clock) {
        this.llmGate = llmGate;
        this.pricing = pricing;
        this.spendLimits = spendLimits;
        this.workspaces = workspaces;
        this.settings = settings;
        this.plans = plans;
        this.accounts = accounts;
        this.counter = counter;
        this.subscriptions = subscriptions;
        this.clock = clock;
    }

    public boolean billingEnabled() {
        return settings.enabled();
    }

    /** The workspace's plan: free until a subscription says otherwise. */
    public Plan planOf(WorkspaceId workspace) {
        return accounts.find(workspace).map(a -> plans.orFree(a.plan())).orElse(plans.free());
    }

    /** The API rate limit of the workspace's plan; null when billing is off (no plan limits apply). */
    public @Nullable RateLimit rateLimit(WorkspaceId workspace) {
        return settings.enabled() ? planOf(workspace).rateLimit() : null;
    }

    public UsageView usage(WorkspaceId workspace) {
        var account = accounts.find(workspace);
        LocalDate today = SpendLimits.day(account.orElse(null), clock.instant());
        int runsToday = counter.runs(workspace, today);
        if (!settings.enabled()) {
            return new UsageView(false, null, null, runsToday, null, null, null, null, false);
        }
        Plan plan = account.map(a -> plans.orFree(a.plan())).orElse(plans.free());
        var credits = new UsageView.CreditUsage(
                account.map(AccountRepository.AccountRow::balance).orElse(plan.signupCredits()),
                account.map(AccountRepository.AccountRow::granted).orElse(plan.signupCredits()),
                account.map(AccountRepository.AccountRow::used).orElse(0L));
        var subscription = subscriptions
                .current(workspace)
                .filter(s -> s.state().grantsPlan() && s.plan().equals(plan.id()));
        return new UsageView(
                true,
                plan.id(),
                credits,
                runsToday,
                plan.dailyRunCap(),
                subscription
                        .map(SubscriptionRepository.SubscriptionRow::periodStart)
                        .orElse(null),
                subscription
                        .map(SubscriptionRepository.SubscriptionRow::periodEnd)
                        .orElse(null),
                spendGuard(workspace),
                workspaces.operatorOwned(workspace));
    }

    /**
     * The workspace's daily spend guard on credits and LLM cost; null when billing is off (no credits are spent then).
     */
    public @Nullable SpendGuardView spendGuard(WorkspaceId workspace) {
        if (!settings.enabled()) {
            return null;
        }
        var now = clock.instant();
        var account = accounts.find(workspace).orElse(null);
        return spendLimits.view(
                account,
                counter.spent(workspace, SpendLimits.day(account, now)),
                Admission.RUN_COST,
                llmGate.spentToday(workspace, account, now),
                pricing.currency(),
                now);
    }

    public LimitsView limits(WorkspaceId workspace) {
        var account = accounts.find(workspace);
        LocalDate today = SpendLimits.day(account.orElse(null), clock.instant());
        int runsToday = counter.runs(workspace, today);
        if (!settings.enabled()) {
            return new LimitsView(false, null, null, runsToday, null, null);
        }
        Plan plan = account.map(a -> plans.orFree(a.plan())).orElse(plans.free());
        long balance = account.map(AccountRepository.AccountRow::balance).orElse(plan.signupCredits());
        return new LimitsView(true, plan.id(), plan.dailyRunCap(), runsToday, balance, plan.rateLimit());
    }
}
