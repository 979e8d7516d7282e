package io.levqor.workflow;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A parsed, validated workflow definition (immutable).
 *
 * @param output the raw output template (a JSON value that may hold {@code {{ … }}}), rendered when the run ends
 * @param concurrency the most runs of this workflow that may run at once; null for no limit
 */
public record Definition(
        Trigger trigger,
        List<StepDefinition> steps,
        @Nullable Object output,
        @Nullable Integer concurrency) {

    public Definition {
        steps = List.copyOf(steps);
    }

    /** The step with this id, if the definition has one. */
    public java.util.Optional<StepDefinition> step(String id) {
        return steps.stream().filter(step -> step.id().equals(id)).findFirst();
    }
}
