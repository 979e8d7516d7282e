package io.levqor.ops.flags.internal;

import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.EvaluationContext;
import dev.openfeature.sdk.ImmutableContext;
import dev.openfeature.sdk.Value;
import io.levqor.shared.FeatureFlags;
import io.levqor.shared.WorkspaceId;
import java.util.Map;

/**
 * The {@link FeatureFlags} port as the other modules see it: every evaluation goes through the OpenFeature client,
 * with the workspace id as targeting key and, when the flag targets plans, the workspace's plan.
 */
public class OpenFeatureFlags implements FeatureFlags {

    private final Client client;
    private final FlagCache cache;
    private final WorkspacePlans plans;

    OpenFeatureFlags(Client client, FlagCache cache, WorkspacePlans plans) {
        this.client = client;
        this.cache = cache;
        this.plans = plans;
    }

    @Override
    public boolean enabled(String flag, WorkspaceId workspace, boolean fallback) {
        return client.getBooleanValue(flag, fallback, context(flag, workspace));
    }

    @Override
    public String variant(String flag, WorkspaceId workspace, String fallback) {
        return client.getStringValue(flag, fallback, context(flag, workspace));
    }

    // The plan costs a lookup (cached, but a database read on a miss): fetched only for flags that use it.
    private EvaluationContext context(String flag, WorkspaceId workspace) {
        CompiledFlag compiled = cache.snapshot().find(flag);
        String targetingKey = workspace.value().toString();
        if (compiled == null || !compiled.targetsPlans()) {
            return new ImmutableContext(targetingKey);
        }
        return new ImmutableContext(targetingKey, Map.of(LevqorFlagProvider.PLAN, new Value(plans.planOf(workspace))));
    }
}
