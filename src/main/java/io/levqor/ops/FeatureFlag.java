package io.levqor.ops;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A feature flag as stored and shown to the operator.
 *
 * @param kind {@code boolean} (variants {@code on} and {@code off}) or {@code variant} (named string variants)
 * @param enabled the kill switch: false serves {@link #defaultVariant} to every workspace, overrides included
 * @param defaultVariant served when switched off, when the plan is not targeted or outside the rollout
 * @param rollout variants served to buckets of workspaces, in order; the rest get the default variant
 * @param plans plan ids the rollout is limited to; empty means every plan
 * @param overrides workspace id → variant, ahead of plans and rollout
 */
public record FeatureFlag(
        String key,
        String kind,
        String description,
        boolean enabled,
        List<String> variants,
        String defaultVariant,
        List<Allocation> rollout,
        List<String> plans,
        Map<String, String> overrides,
        Instant updatedAt,
        String updatedBy) {

    public static final String BOOLEAN = "boolean";
    public static final String VARIANT = "variant";

    /** A share of workspaces served {@code variant}: {@code basisPoints} of 10,000 (2,500 = 25 %). */
    public record Allocation(String variant, int basisPoints) {

        /** The share as a percentage, e.g. 12.5. */
        public double percent() {
            return basisPoints / 100.0;
        }
    }

    /** The total share of workspaces in the rollout, in basis points. */
    public int rolloutBasisPoints() {
        return rollout.stream().mapToInt(Allocation::basisPoints).sum();
    }
}
