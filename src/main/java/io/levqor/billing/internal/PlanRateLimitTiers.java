package io.levqor.billing.internal;

import io.levqor.billing.Plan;
import io.levqor.billing.Plans;
import io.levqor.billing.Quotas;
import io.levqor.identity.RateLimitTiers;
import io.levqor.shared.WorkspaceId;
import java.util.Comparator;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Tells identity's rate limiter the tier of the workspace's plan. With billing off there are no plans to sell, so
 * every workspace gets the most generous configured tier rather than the free one.
 */
@Component
class PlanRateLimitTiers implements RateLimitTiers {

    private final BillingSettings settings;
    private final Quotas quotas;
    private final Plans plans;

    PlanRateLimitTiers(BillingSettings settings, Quotas quotas, Plans plans) {
        this.settings = settings;
        this.quotas = quotas;
        this.plans = plans;
    }

    @Override
    public Optional<String> tierOf(WorkspaceId workspace) {
        if (!settings.enabled()) {
            return plans.all().stream()
                    .max(Comparator.comparingInt(p -> p.rateLimit().requests()))
                    .map(Plan::tier);
        }
        return Optional.of(quotas.planOf(workspace).tier());
    }
}
