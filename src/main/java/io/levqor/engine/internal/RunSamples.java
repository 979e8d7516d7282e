package io.levqor.engine.internal;

import io.levqor.engine.RunId;
import io.levqor.engine.RunNotFound;
import io.levqor.engine.jdbc.RunRepository;
import io.levqor.engine.jdbc.RunRow;
import io.levqor.shared.WorkspaceId;
import io.levqor.workflow.Definition;
import io.levqor.workflow.SampleData;
import io.levqor.workflow.StepDefinition;
import io.levqor.workflow.WorkflowId;
import io.levqor.workflow.Workflows;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Runs as the editor's sample data: "use this run's data as sample", and the paths an expression field can complete
 * ({@code trigger.body.name}, {@code steps.greet.output.text}) from the sample data and the workflow's last run.
 */
@Component
public class RunSamples {

    /** The most paths answered, and how deep below {@code trigger} or a step's output they go. */
    static final int MAX_PATHS = 1_000;

    static final int MAX_DEPTH = 6;

    private static final Pattern NAME = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");

    private final RunRepository runs;
    private final SampleData samples;
    private final Workflows workflows;
    private final Json json;

    RunSamples(RunRepository runs, SampleData samples, Workflows workflows, Json json) {
        this.runs = runs;
        this.samples = samples;
        this.workflows = workflows;
        this.json = json;
    }

    /** Copies the run's trigger (secret headers dropped) and its steps' outputs into its workflow's sample data. */
    public SampleData.Sample useAsSample(WorkspaceId workspace, RunId id) {
        RunRow run = runs.find(workspace, id.value()).orElseThrow(() -> RunNotFound.forId(id));
        Map<String, @Nullable Object> trigger = SampleData.withoutSecretHeaders(json.readMap(run.trigger()));
        return samples.put(workspace, new WorkflowId(run.workflowId()), trigger, json.readMap(run.outputs()));
    }

    /** The completable paths of the workflow's expressions, sample data first, then its last run, then its steps. */
    public List<String> expressionPaths(WorkspaceId workspace, WorkflowId workflow) {
        SampleData.Sample sample = samples.get(workspace, workflow);
        Set<String> paths = new LinkedHashSet<>();
        paths.add("trigger");
        walk("trigger", sample.trigger(), 0, paths);
        sample.steps().forEach((id, output) -> walk(step(id), output, 0, paths));
        List<RunRow> last = runs.list(workspace, workflow.value(), null, null, null, null, 1);
        if (!last.isEmpty()) {
            walk("trigger", json.readMap(last.getFirst().trigger()), 0, paths);
            json.readMap(last.getFirst().outputs()).forEach((id, output) -> walk(step(id), output, 0, paths));
        }
        Definition definition = workflows.latest(workspace, workflow).definition();
        for (String id : stepIds(definition.steps(), new ArrayList<>())) {
            add(paths, step(id));
        }
        add(paths, "run.id");
        add(paths, "run.workflowId");
        return List.copyOf(paths);
    }

    private static String step(String id) {
        return "steps." + id + ".output";
    }

    private static void walk(String path, @Nullable Object value, int depth, Set<String> paths) {
        if (!add(paths, path) || depth >= MAX_DEPTH) {
            return;
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                String key = String.valueOf(entry.getKey());
                String member;
                if (NAME.matcher(key).matches()) {
                    member = path + "." + key;
                } else if (key.indexOf('`') < 0) {
                    member = path + ".`" + key + "`";
                } else {
                    continue; // JSONata cannot name it with a path
                }
                walk(member, entry.getValue(), depth + 1, paths);
            }
        } else if (value instanceof List<?> list && !list.isEmpty()) {
            walk(path + "[0]", list.getFirst(), depth + 1, paths);
        }
    }

    private static boolean add(Set<String> paths, String path) {
        if (paths.size() >= MAX_PATHS) {
            return false;
        }
        paths.add(path);
        return true;
    }

    private static List<String> stepIds(List<StepDefinition> steps, List<String> ids) {
        for (StepDefinition step : steps) {
            ids.add(step.id());
            step.cases().forEach(branch -> stepIds(branch.steps(), ids));
            stepIds(step.otherwise(), ids);
            stepIds(step.body(), ids);
        }
        return ids;
    }
}
