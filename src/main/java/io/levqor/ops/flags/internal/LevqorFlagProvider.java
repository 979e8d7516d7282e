package io.levqor.ops.flags.internal;

import dev.openfeature.sdk.ErrorCode;
import dev.openfeature.sdk.EvaluationContext;
import dev.openfeature.sdk.FeatureProvider;
import dev.openfeature.sdk.Metadata;
import dev.openfeature.sdk.ProviderEvaluation;
import dev.openfeature.sdk.Reason;
import dev.openfeature.sdk.Value;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Levqor's OpenFeature provider: evaluates against the node's in-memory {@link FlagSnapshot} (kept fresh by
 * {@link FlagCache}), never the database. The context's targeting key is the workspace id; its {@code plan} attribute
 * is the workspace's plan id, needed only by flags that target plans. Boolean flags answer {@code variant == "on"};
 * multi-variant flags answer the variant's name as a string.
 */
public final class LevqorFlagProvider implements FeatureProvider {

    public static final String PLAN = "plan";
    private static final Metadata METADATA = () -> "levqor-postgresql";

    private final Supplier<FlagSnapshot> snapshot;

    public LevqorFlagProvider(Supplier<FlagSnapshot> snapshot) {
        this.snapshot = snapshot;
    }

    @Override
    public Metadata getMetadata() {
        return METADATA;
    }

    @Override
    public ProviderEvaluation<Boolean> getBooleanEvaluation(
            String key, Boolean defaultValue, EvaluationContext context) {
        CompiledFlag flag = snapshot.get().find(key);
        if (flag == null) {
            return error(defaultValue, ErrorCode.FLAG_NOT_FOUND, "no flag " + key);
        }
        if (!flag.isBoolean()) {
            return error(defaultValue, ErrorCode.TYPE_MISMATCH, key + " is a multi-variant flag");
        }
        CompiledFlag.Resolution resolution = resolve(flag, context);
        return ProviderEvaluation.<Boolean>builder()
                .value("on".equals(resolution.variant()))
                .variant(resolution.variant())
                .reason(resolution.reason().name())
                .build();
    }

    @Override
    public ProviderEvaluation<String> getStringEvaluation(String key, String defaultValue, EvaluationContext context) {
        CompiledFlag flag = snapshot.get().find(key);
        if (flag == null) {
            return error(defaultValue, ErrorCode.FLAG_NOT_FOUND, "no flag " + key);
        }
        CompiledFlag.Resolution resolution = resolve(flag, context);
        return ProviderEvaluation.<String>builder()
                .value(resolution.variant())
                .variant(resolution.variant())
                .reason(resolution.reason().name())
                .build();
    }

    @Override
    public ProviderEvaluation<Integer> getIntegerEvaluation(
            String key, Integer defaultValue, EvaluationContext context) {
        return error(defaultValue, ErrorCode.TYPE_MISMATCH, "Levqor flags are boolean or string variants");
    }

    @Override
    public ProviderEvaluation<Double> getDoubleEvaluation(String key, Double fallback, EvaluationContext context) {
        return error(fallback, ErrorCode.TYPE_MISMATCH, "Levqor flags are boolean or string variants");
    }

    @Override
    public ProviderEvaluation<Value> getObjectEvaluation(String key, Value defaultValue, EvaluationContext context) {
        return error(defaultValue, ErrorCode.TYPE_MISMATCH, "Levqor flags are boolean or string variants");
    }

    private static CompiledFlag.Resolution resolve(CompiledFlag flag, EvaluationContext context) {
        String plan = null;
        if (flag.targetsPlans()) {
            Value value = context.getValue(PLAN);
            plan = value == null ? null : value.asString();
        }
        String targetingKey = context.getTargetingKey();
        return flag.resolve(targetingKey == null || targetingKey.isEmpty() ? null : targetingKey, plan);
    }

    private static <T> ProviderEvaluation<T> error(T defaultValue, ErrorCode code, @Nullable String message) {
        return ProviderEvaluation.<T>builder()
                .value(defaultValue)
                .reason(Reason.ERROR.name())
                .errorCode(code)
                .errorMessage(message)
                .build();
    }
}
