package io.levqor.console.runs;

import io.levqor.engine.RunView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * What the run page shows beside the plain timeline: the signals a waiting run waits for, each loop's progress, the
 * child runs of sub-workflow steps, and the timeline rows worth drawing (a 1,000-item loop would otherwise be 2,000
 * rows: the page keeps the failed items' rows and the first few items').
 */
final class RunShapes {

    /** Item rows shown per loop besides the failed items' (the rest is counted, not drawn). */
    static final int ITEMS_SHOWN = 10;

    /** A signal the waiting run may be resumed with, from the wait step of the run's version that has not ended. */
    record Signal(String step, String name) {}

    /**
     * One loop of the run.
     *
     * @param total the number of items, known when the loop has ended (its summary says it); null while in flight
     * @param failed the failed items' indexes, in order
     */
    record Loop(String path, int done, @Nullable Integer total, List<Integer> failed, int hiddenRows) {

        /** The bar's share, 0–100; a loop in flight shows no share (its total is not known yet). */
        public int percent() {
            return total == null || total == 0 ? 0 : (int) Math.min(100, done * 100L / total);
        }
    }

    /** A child run a sub-workflow step started. */
    record Child(String step, UUID runId) {}

    private RunShapes() {}

    /** The wait steps of the definition (any depth) whose signal the run has not received yet. */
    static List<Signal> signals(RunView run, @Nullable Object definition) {
        if (!"waiting".equals(run.status())) {
            return List.of();
        }
        List<Signal> waits = new ArrayList<>();
        collectWaits(definition, waits);
        java.util.Set<String> ended = new java.util.HashSet<>();
        if (run.steps() != null) {
            run.steps().stream()
                    .filter(s -> "wait".equals(s.type()) && !"running".equals(s.status()))
                    .filter(s ->
                            !s.attempts().isEmpty() && s.attempts().getLast().finishedAt() != null)
                    .forEach(s -> ended.add(s.id()));
        }
        return waits.stream().filter(w -> !ended.contains(w.step())).toList();
    }

    private static void collectWaits(@Nullable Object node, List<Signal> into) {
        if (node instanceof Map<?, ?> map) {
            if ("wait".equals(map.get("type"))
                    && map.get("signal") instanceof String signal
                    && map.get("id") instanceof String id) {
                into.add(new Signal(id, signal));
            }
            map.values().forEach(value -> collectWaits(value, into));
        } else if (node instanceof List<?> list) {
            list.forEach(value -> collectWaits(value, into));
        }
    }

    /** Each loop's progress: items seen and done, failed items, the total once the loop's summary is there. */
    static List<Loop> loops(RunView run) {
        if (run.steps() == null) {
            return List.of();
        }
        Map<String, Map<Integer, Boolean>> items = new LinkedHashMap<>();
        Map<String, Map<Integer, Boolean>> running = new LinkedHashMap<>();
        Map<String, Integer> totals = new LinkedHashMap<>();
        for (RunView.Step step : run.steps()) {
            if (step.item() != null) {
                String loop = loopOf(step.path());
                boolean failed = "failed".equals(step.status());
                items.computeIfAbsent(loop, k -> new LinkedHashMap<>()).merge(step.item(), failed, Boolean::logicalOr);
                if ("running".equals(step.status()) || "queued".equals(step.status())) {
                    running.computeIfAbsent(loop, k -> new LinkedHashMap<>()).put(step.item(), true);
                }
            } else if ("forEach".equals(step.type())) {
                items.computeIfAbsent(step.path(), k -> new LinkedHashMap<>());
                if (!step.attempts().isEmpty()
                        && step.attempts().getLast().output() instanceof Map<?, ?> summary
                        && summary.get("items") instanceof Number total) {
                    totals.put(step.path(), total.intValue());
                }
            }
        }
        List<Loop> loops = new ArrayList<>();
        items.forEach((path, seen) -> {
            List<Integer> failed = new ArrayList<>(new TreeSet<>(seen.entrySet().stream()
                    .filter(Map.Entry::getValue)
                    .map(Map.Entry::getKey)
                    .toList()));
            int inFlight = running.getOrDefault(path, Map.of()).size();
            long shownItems = seen.keySet().stream()
                    .filter(i -> i < ITEMS_SHOWN || seen.get(i))
                    .count();
            loops.add(
                    new Loop(path, seen.size() - inFlight, totals.get(path), failed, (int) (seen.size() - shownItems)));
        });
        return loops;
    }

    /** The outermost loop a loop step belongs to: {@code each[17].call} is in {@code each}. */
    static String loopOf(String path) {
        int bracket = path.indexOf('[');
        return bracket < 0 ? path : path.substring(0, bracket);
    }

    /** The timeline rows worth drawing: every step outside loops, and loop item rows of failed or early items. */
    static List<RunView.Step> shown(RunView run) {
        if (run.steps() == null) {
            return List.of();
        }
        Map<String, java.util.Set<Integer>> failed = new LinkedHashMap<>();
        for (RunView.Step step : run.steps()) {
            if (step.item() != null && "failed".equals(step.status())) {
                failed.computeIfAbsent(loopOf(step.path()), k -> new java.util.HashSet<>())
                        .add(step.item());
            }
        }
        return run.steps().stream()
                .filter(step -> step.item() == null
                        || step.item() < ITEMS_SHOWN
                        || failed.getOrDefault(loopOf(step.path()), java.util.Set.of())
                                .contains(step.item()))
                .toList();
    }

    /** The child runs of sub-workflow steps: the attempt's {@code childRunId}, else its output or input naming a run id. */
    static List<Child> children(RunView run) {
        if (run.steps() == null) {
            return List.of();
        }
        List<Child> children = new ArrayList<>();
        for (RunView.Step step : run.steps()) {
            if (!"workflow".equals(step.type())) {
                continue;
            }
            for (RunView.Attempt attempt : step.attempts()) {
                UUID child = attempt.childRunId() != null ? attempt.childRunId() : childId(attempt.output());
                if (child == null) {
                    child = childId(attempt.input());
                }
                UUID id = child;
                if (id != null && children.stream().noneMatch(c -> c.runId().equals(id))) {
                    children.add(new Child(step.path(), id));
                }
            }
        }
        return children;
    }

    private static @Nullable UUID childId(@Nullable Object value) {
        if (value instanceof Map<?, ?> map) {
            for (String key : List.of("childRunId", "runId")) {
                if (map.get(key) instanceof String text) {
                    try {
                        return UUID.fromString(text);
                    } catch (IllegalArgumentException notAnId) {
                        // another kind of value under that name: not a child run
                    }
                }
            }
        }
        return null;
    }
}
