package io.levqor.ops.flags.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.levqor.billing.Quotas;
import io.levqor.billing.SubscriptionChanged;
import io.levqor.shared.WorkspaceId;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Workspaces' plan ids for flags that target plans, remembered for {@link FlagSettings#planCacheTtl()} so that
 * evaluation stays in memory; a subscription change forgets the workspace's entry on the node that hears of it.
 */
@Component
class WorkspacePlans {

    private final Quotas quotas;
    private final Cache<WorkspaceId, String> plans;

    WorkspacePlans(Quotas quotas, FlagSettings settings) {
        this.quotas = quotas;
        this.plans = Caffeine.newBuilder()
                .expireAfterWrite(settings.planCacheTtl())
                .maximumSize(100_000)
                .build();
    }

    String planOf(WorkspaceId workspace) {
        return plans.get(workspace, w -> quotas.planOf(w).id());
    }

    @ApplicationModuleListener
    void on(SubscriptionChanged event) {
        plans.invalidate(event.workspace());
    }
}
