package io.levqor.engine.internal;

import io.levqor.workflow.Definition;
import java.util.OptionalInt;

/**
 * Where a run retried on another version goes on: the position, in the new version's plan, of the step that failed
 * (matched by its path, e.g. {@code check.cases[0].notify}). Positions are per definition, so the old number means
 * nothing in the new one.
 */
public final class RetryPositions {

    private RetryPositions() {}

    /** The path of the position {@code index} in {@code definition}, or null past its end. */
    public static @org.jspecify.annotations.Nullable String pathAt(Definition definition, int index) {
        StepPlan plan = StepPlan.of(definition);
        return index >= 0 && index < plan.size() ? plan.at(index).path() : null;
    }

    /** The position of the step at {@code path} in {@code definition}, if it has one. */
    public static OptionalInt indexOf(Definition definition, String path) {
        for (StepPlan.Node node : StepPlan.of(definition).nodes()) {
            if (node.path().equals(path)) {
                return OptionalInt.of(node.index());
            }
        }
        return OptionalInt.empty();
    }
}
