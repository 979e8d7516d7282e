package io.levqor.support;

import io.levqor.identity.RateLimitTiers;
import io.levqor.shared.WorkspaceId;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.core.Ordered;

/**
 * Puts a workspace on a rate-limit tier for a test ({@code tiers.put(workspaceId, "tiny")}, 5 requests a minute in
 * tests), ahead of any other {@link RateLimitTiers}. Set it before the workspace's first API call: tiers are cached.
 */
public final class TestRateLimitTiers implements RateLimitTiers, Ordered {

    private final Map<UUID, String> overrides = new ConcurrentHashMap<>();

    public void put(String workspaceId, String tier) {
        overrides.put(UUID.fromString(workspaceId), tier);
    }

    @Override
    public Optional<String> tierOf(WorkspaceId workspace) {
        return Optional.ofNullable(overrides.get(workspace.value()));
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
