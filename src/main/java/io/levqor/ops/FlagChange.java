package io.levqor.ops;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What the operator sends to create or replace a flag (every field optional but where the kind needs it).
 *
 * @param kind {@code boolean} (default) or {@code variant}
 * @param enabled the kill switch; default true
 * @param variants a multi-variant flag's names; boolean flags always have {@code on} and {@code off}
 * @param defaultVariant default {@code off} for boolean flags; required for multi-variant flags
 * @param rollout shares of workspaces per variant, in percent (two decimals at most), in order
 * @param plans plan ids the rollout is limited to
 * @param overrides workspace id → variant
 */
public record FlagChange(
        @Nullable String kind,
        @Nullable String description,
        @Nullable Boolean enabled,
        @Nullable List<String> variants,
        @Nullable String defaultVariant,
        @Nullable List<Share> rollout,
        @Nullable List<String> plans,
        @Nullable Map<String, String> overrides) {

    /** A variant and the percentage of workspaces it is rolled out to. */
    public record Share(@Nullable String variant, @Nullable Double percent) {}
}
