package io.levqor.workflow;

import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A parsed, validated workflow definition (immutable).
 *
 * @param output the raw output template (a JSON value that may hold {@code {{ … }}}), rendered when the run ends
 * @param concurrency the most runs of this workflow that may run at once; null for no limit
 * @param timeout how long a run may take from its creation before it fails as {@code timed-out}; null for no limit
 * @param dedupe a webhook's delivery-key template ({@code {{ trigger.headers.'x-github-delivery' }}}); null for none
 * @param onFailure the error workflow ({@code "onFailure": {"workflow": …}}), started once when a run finally fails
 */
public record Definition(
        Trigger trigger,
        List<StepDefinition> steps,
        @Nullable Object output,
        @Nullable Integer concurrency,
        @Nullable Duration timeout,
        @Nullable String dedupe,
        @Nullable WorkflowId onFailure) {

    public Definition {
        steps = List.copyOf(steps);
    }

    /** A definition without a delivery key. */
    public Definition(
            Trigger trigger,
            List<StepDefinition> steps,
            @Nullable Object output,
            @Nullable Integer concurrency,
            @Nullable Duration timeout) {
        this(trigger, steps, output, concurrency, timeout, null, null);
    }

    /** A definition without a run deadline. */
    public Definition(
            Trigger trigger, List<StepDefinition> steps, @Nullable Object output, @Nullable Integer concurrency) {
        this(trigger, steps, output, concurrency, null, null, null);
    }

    /** The step with this id, if the definition has one, at any depth (ids are unique across the definition). */
    public java.util.Optional<StepDefinition> step(String id) {
        return find(steps, id);
    }

    /** The workflows this definition's {@code workflow} steps start, at any depth, in definition order. */
    public List<WorkflowId> subWorkflows() {
        List<WorkflowId> found = new java.util.ArrayList<>();
        collect(steps, found);
        return found;
    }

    private static void collect(List<StepDefinition> steps, List<WorkflowId> found) {
        for (StepDefinition step : steps) {
            if (step.isSubWorkflow() && step.fields().get("workflow") instanceof String id) {
                found.add(WorkflowId.of(id));
            }
            step.cases().forEach(branch -> collect(branch.steps(), found));
            collect(step.otherwise(), found);
            collect(step.body(), found);
            step.branches().values().forEach(branch -> collect(branch, found));
        }
    }

    private static java.util.Optional<StepDefinition> find(List<StepDefinition> steps, String id) {
        for (StepDefinition step : steps) {
            if (step.id().equals(id)) {
                return java.util.Optional.of(step);
            }
            for (StepDefinition.Case branch : step.cases()) {
                var found = find(branch.steps(), id);
                if (found.isPresent()) {
                    return found;
                }
            }
            var found = find(step.otherwise(), id);
            if (found.isPresent()) {
                return found;
            }
            var inLoop = find(step.body(), id);
            if (inLoop.isPresent()) {
                return inLoop;
            }
            for (List<StepDefinition> branch : step.branches().values()) {
                var inBranch = find(branch, id);
                if (inBranch.isPresent()) {
                    return inBranch;
                }
            }
        }
        return java.util.Optional.empty();
    }
}
