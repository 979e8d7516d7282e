package io.levqor.ops.flags.internal;

import io.levqor.ops.FeatureFlag;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** A flag prepared for evaluation on the hot path: hash seed and cumulative rollout thresholds computed once. */
public final class CompiledFlag {

    /** Why a variant was served; the names are OpenFeature's reasons. */
    public enum Reason {
        DISABLED,
        TARGETING_MATCH,
        SPLIT,
        DEFAULT
    }

    /** A variant and why it was chosen. */
    public record Resolution(String variant, Reason reason) {}

    private final FeatureFlag flag;
    private final long seed;
    private final String[] rolloutVariants;
    private final int[] thresholds;
    private final Set<String> plans;
    private final Map<String, String> overrides;
    private final Resolution disabled;
    private final Resolution fallThrough;
    private final Resolution[] split;

    public CompiledFlag(FeatureFlag flag) {
        this.flag = flag;
        this.seed = Buckets.seed(flag.key());
        List<FeatureFlag.Allocation> rollout = flag.rollout();
        this.rolloutVariants = new String[rollout.size()];
        this.thresholds = new int[rollout.size()];
        this.split = new Resolution[rollout.size()];
        int cumulative = 0;
        for (int i = 0; i < rollout.size(); i++) {
            cumulative += rollout.get(i).basisPoints();
            rolloutVariants[i] = rollout.get(i).variant();
            thresholds[i] = cumulative;
            split[i] = new Resolution(rollout.get(i).variant(), Reason.SPLIT);
        }
        this.plans = Set.copyOf(flag.plans());
        this.overrides = Map.copyOf(flag.overrides());
        this.disabled = new Resolution(flag.defaultVariant(), Reason.DISABLED);
        this.fallThrough = new Resolution(flag.defaultVariant(), Reason.DEFAULT);
    }

    public FeatureFlag flag() {
        return flag;
    }

    public boolean isBoolean() {
        return FeatureFlag.BOOLEAN.equals(flag.kind());
    }

    /** Whether evaluation needs the workspace's plan (callers skip looking it up otherwise). */
    public boolean targetsPlans() {
        return !plans.isEmpty();
    }

    /**
     * Kill switch first (it beats everything), then the workspace's override, then the plan targeting, then the
     * workspace's bucket against the rollout; whatever is left gets the default variant.
     */
    public Resolution resolve(@Nullable String targetingKey, @Nullable String plan) {
        if (!flag.enabled()) {
            return disabled;
        }
        if (targetingKey == null) {
            return fallThrough;
        }
        String override = overrides.isEmpty() ? null : overrides.get(targetingKey);
        if (override != null) {
            return new Resolution(override, Reason.TARGETING_MATCH);
        }
        if (!plans.isEmpty() && (plan == null || !plans.contains(plan))) {
            return fallThrough;
        }
        if (thresholds.length == 0) {
            return fallThrough;
        }
        int bucket = Buckets.bucket(seed, targetingKey);
        for (int i = 0; i < thresholds.length; i++) {
            if (bucket < thresholds[i]) {
                return split[i];
            }
        }
        return fallThrough;
    }
}
