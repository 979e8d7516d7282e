package io.levqor.engine.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.levqor.workflow.Definition;
import io.levqor.workflow.StepDefinition;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A definition's steps laid out in the order they can run: depth first, a switch before its cases' steps, its
 * cases in order, then its default. A run's cursor ({@code step_index} of the run and its job) is a position in
 * this list, so it only ever moves forward (a switch jumps over the branches it does not take) and the finish's
 * fence {@code (job, worker, step_index, attempt)} still holds. Each position knows its path
 * ({@code check.cases[0].notify}): that, not the number, is what attempts, the API and idempotency keys show.
 *
 * <p>A {@code forEach} (and a {@code parallel}) is a single position: its items (branches) do not move the run's cursor. Its body is laid out in a plan
 * of its own ({@link #body}) that each item walks with its own cursor, scoped by a path prefix ({@code each[17].}).
 */
final class StepPlan {

    // Parsed definitions are cached and shared, so one plan per definition instance (weak: identity, not equals).
    private static final Cache<Definition, StepPlan> PLANS =
            Caffeine.newBuilder().weakKeys().maximumSize(10_000).build();

    /**
     * One position.
     *
     * @param parent the position of the switch whose branch holds this step; -1 at the top level
     * @param branch the index of that branch among the parent's cases, or the number of cases for its default
     * @param last whether this is the last step of its list (its branch, or the definition)
     * @param end the position after this step and everything nested in it
     * @param branchStarts for a switch: where each case's steps start, then where the default's start
     */
    record Node(
            int index,
            StepDefinition step,
            String path,
            int parent,
            int branch,
            boolean last,
            int end,
            int[] branchStarts) {}

    private final List<Node> nodes;
    private final boolean flat;

    private StepPlan(List<Node> nodes, boolean flat) {
        this.nodes = nodes;
        this.flat = flat;
    }

    static StepPlan of(Definition definition) {
        return PLANS.get(definition, StepPlan::build);
    }

    // A forEach is one position of its list (a leaf here); its body has a plan of its own, run once per item.
    private static final Cache<StepDefinition, StepPlan> BODIES =
            Caffeine.newBuilder().weakKeys().maximumSize(10_000).build();

    /** The plan of a {@code forEach}'s body, with paths relative to an item ({@code call}, not {@code each[3].call}). */
    static StepPlan body(StepDefinition loop) {
        return BODIES.get(loop, step -> {
            List<@Nullable Node> nodes = new ArrayList<>();
            lay(step.body(), "", -1, 0, nodes);
            List<Node> laid = new ArrayList<>(nodes.size());
            nodes.forEach(node -> laid.add(java.util.Objects.requireNonNull(node)));
            return new StepPlan(List.copyOf(laid), laid.size() == step.body().size());
        });
    }

    private static final Cache<StepDefinition, List<StepPlan>> LANES =
            Caffeine.newBuilder().weakKeys().maximumSize(10_000).build();

    /**
     * The plans of a {@code parallel}'s branches, in branch order, with paths relative to the branch ({@code call},
     * not {@code fan.branches.a.call}): like a loop's body, a parallel is one position of its list.
     */
    static List<StepPlan> branches(StepDefinition parallel) {
        return LANES.get(
                parallel,
                step -> step.branches().values().stream().map(StepPlan::laidOut).toList());
    }

    private static StepPlan laidOut(List<StepDefinition> steps) {
        List<@Nullable Node> nodes = new ArrayList<>();
        lay(steps, "", -1, 0, nodes);
        List<Node> laid = new ArrayList<>(nodes.size());
        nodes.forEach(node -> laid.add(java.util.Objects.requireNonNull(node)));
        return new StepPlan(List.copyOf(laid), laid.size() == steps.size());
    }

    private static StepPlan build(Definition definition) {
        List<@Nullable Node> nodes = new ArrayList<>();
        lay(definition.steps(), "", -1, 0, nodes);
        List<Node> laid = new ArrayList<>(nodes.size());
        nodes.forEach(node -> laid.add(java.util.Objects.requireNonNull(node)));
        return new StepPlan(List.copyOf(laid), laid.size() == definition.steps().size());
    }

    /** Lays out one list, each switch followed by its branches' steps. */
    private static void lay(
            List<StepDefinition> steps, String prefix, int parent, int branch, List<@Nullable Node> out) {
        for (int i = 0; i < steps.size(); i++) {
            StepDefinition step = steps.get(i);
            boolean last = i == steps.size() - 1;
            int index = out.size();
            String path = prefix + step.id();
            if (!step.isSwitch()) {
                out.add(new Node(index, step, path, parent, branch, last, index + 1, new int[0]));
                continue;
            }
            out.add(null); // the switch's own node, once its end is known
            int[] starts = new int[step.cases().size() + 1];
            for (int c = 0; c < step.cases().size(); c++) {
                starts[c] = out.size();
                lay(step.cases().get(c).steps(), path + ".cases[" + c + "].", index, c, out);
            }
            starts[step.cases().size()] = out.size();
            lay(step.otherwise(), path + ".default.", index, step.cases().size(), out);
            out.set(index, new Node(index, step, path, parent, branch, last, out.size(), starts));
        }
    }

    int size() {
        return nodes.size();
    }

    Node at(int index) {
        return nodes.get(index);
    }

    /** Whether every step sits at the top level (no switch): positions are then plain indexes into the steps. */
    boolean flat() {
        return flat;
    }

    List<Node> nodes() {
        return nodes;
    }
}
