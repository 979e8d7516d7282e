package io.levqor.identity;

import io.levqor.shared.WorkspaceId;
import java.util.Optional;

/**
 * SPI: which rate-limit tier (a key of {@code levqor.identity.rate-limits.tiers}, e.g. {@code "pro"}) a workspace
 * is on. Billing implements it from the workspace's plan; without an answer the tier is {@code "free"}. Answers
 * are cached for a short while per workspace, so implementations may read the database.
 */
public interface RateLimitTiers {

    Optional<String> tierOf(WorkspaceId workspace);
}
