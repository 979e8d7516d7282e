package io.levqor.ops.flags.internal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Feature flag settings, bound to {@code levqor.ops.flags.*}.
 *
 * @param pollInterval how often a node compares the change counter when no NOTIFY came (the fallback behind
 *     LISTEN/NOTIFY, and so the longest a change can take to reach a node)
 * @param planCacheTtl how long a node remembers a workspace's plan for flags that target plans
 */
@ConfigurationProperties("levqor.ops.flags")
public record FlagSettings(
        @DefaultValue("1s") Duration pollInterval,
        @DefaultValue("30s") Duration planCacheTtl) {}
