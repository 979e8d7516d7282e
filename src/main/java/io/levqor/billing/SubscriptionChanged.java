package io.levqor.billing;

import io.levqor.shared.WorkspaceId;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A subscription moved to another state (or was first seen: {@code from} is null).
 *
 * @param effectivePlan the plan the workspace is on after the change
 */
public record SubscriptionChanged(
        WorkspaceId workspace,
        UUID subscriptionId,
        String provider,
        String plan,
        @Nullable SubscriptionState from,
        SubscriptionState to,
        String effectivePlan,
        Instant at) {}
