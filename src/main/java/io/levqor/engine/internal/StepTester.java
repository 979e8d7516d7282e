package io.levqor.engine.internal;

import io.levqor.billing.LlmAttempt;
import io.levqor.billing.LlmMetering;
import io.levqor.engine.RunStatus;
import io.levqor.engine.jdbc.AttemptRow;
import io.levqor.engine.jdbc.RunRow;
import io.levqor.shared.Ids;
import io.levqor.shared.ValidationFailed;
import io.levqor.shared.WorkspaceId;
import io.levqor.workflow.Definition;
import io.levqor.workflow.ExpressionFailed;
import io.levqor.workflow.StepDefinition;
import io.levqor.workflow.Templates;
import io.levqor.workflow.Workflows;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * "Test step" ({@code POST /api/v1/workflows/test-step}): runs one step of a definition for real with data the caller
 * gives (or the workflow's sample data), through the run's own {@link StepExecutor} — so the same rendering,
 * credentials, redaction, timeouts and spend checks apply — and stores no run. One attempt, no retry.
 */
@Component
public class StepTester {

    private static final Pattern ITEM_INDEX = Pattern.compile("\\[(\\d{1,9})]\\.");

    private final Workflows workflows;
    private final StepExecutor executor;
    private final Templates templates;
    private final Json json;
    private final Clock clock;
    private final LoopRunner loops;
    private final LlmMetering metering;
    private final TransactionTemplate tx;

    StepTester(
            Workflows workflows,
            StepExecutor executor,
            Templates templates,
            Json json,
            Clock clock,
            LoopRunner loops,
            LlmMetering metering,
            TransactionTemplate tx) {
        this.workflows = workflows;
        this.executor = executor;
        this.templates = templates;
        this.json = json;
        this.clock = clock;
        this.loops = loops;
        this.metering = metering;
        this.tx = tx;
    }

    /**
     * How the test went.
     *
     * @param status {@code succeeded}, {@code failed} or {@code skipped} (its {@code if} was false)
     * @param path the step's path as a run would show it ({@code each[3].call})
     * @param input the step's rendered fields (secrets masked), when it got that far
     * @param logs what the step logged (reserved: no step type logs today)
     */
    public record Result(
            String status,
            String path,
            @Nullable Object input,
            @Nullable Object output,
            @Nullable String error,
            long durationMs,
            List<String> logs) {}

    /** The data a test runs on: {@code steps} maps each step id to its output; {@code item}/{@code index} in a loop. */
    public record Data(
            Map<String, Object> trigger,
            Map<String, @Nullable Object> steps,
            @Nullable Object item,
            @Nullable Integer index) {}

    /**
     * Tests the step named {@code stepRef} (its id or its path, {@code check.cases[0].notify}, {@code each[3].call})
     * of {@code definition}, checked as a save checks it (a {@link ValidationFailed} with JSON pointers when not).
     */
    public Result test(
            WorkspaceId workspace, @Nullable UUID workflowId, @Nullable Object definition, String stepRef, Data data) {
        Definition parsed = workflows.check(workspace, definition);
        Located located = locate(parsed.steps(), "", stepRef.strip())
                .orElseThrow(() -> ValidationFailed.of("stepId", "names no step of the definition"));
        StepDefinition step = located.step();
        String path = located.path(stepRef.strip(), data.index());
        Map<String, @Nullable Object> loopScope = new HashMap<>();
        if (located.inLoop()) {
            loopScope.put("item", data.item());
            loopScope.put("index", data.index() != null ? data.index() : lastIndex(path));
        }
        UUID runId = Ids.newId();
        UUID workflow = workflowId != null ? workflowId : new UUID(0, 0);
        long started = System.nanoTime();
        Map<String, Object> scope = scope(runId, workflow, data, loopScope);
        try {
            if (step.isSwitch()) {
                return done(started, path, "succeeded", null, Map.of("branch", branch(step, scope)), null);
            }
            if (step.isForEach()) {
                return done(started, path, "succeeded", null, items(step, scope), null);
            }
            if (step.isWait() && !step.isSleep()) {
                return done(
                        started,
                        path,
                        "failed",
                        null,
                        null,
                        "a wait for a signal cannot be tested: it only parks the run until the signal comes");
            }
            if (step.isSleep()) {
                Object until = templates.render(step.fields().get("until"), scope);
                return done(started, path, "succeeded", null, Map.of("until", String.valueOf(until)), null);
            }
        } catch (ExpressionFailed e) {
            return done(started, path, "failed", null, null, e.getMessage());
        }
        Definition single = new Definition(parsed.trigger(), List.of(step), null, null);
        RunRow run = new RunRow(
                workspace,
                runId,
                workflow,
                0,
                RunStatus.RUNNING,
                "test",
                "{}",
                0,
                "{}",
                null,
                null,
                0,
                false,
                clock.instant(),
                null);
        String prefix = path.substring(0, path.length() - step.id().length());
        List<AttemptRow> attempts = executor.testOne(
                run, single, prefix, new HashMap<>(data.steps()), new LinkedHashMap<>(data.trigger()), loopScope);
        if (attempts.isEmpty()) {
            return done(started, path, "failed", null, null, "the step did not run");
        }
        AttemptRow attempt = attempts.getLast();
        meter(workspace, runId, attempt);
        return done(
                started,
                path,
                attempt.status(),
                json.read(attempt.input()),
                json.read(attempt.output()),
                attempt.error());
    }

    private Result done(
            long started,
            String path,
            String status,
            @Nullable Object input,
            @Nullable Object output,
            @Nullable String error) {
        long millis = (System.nanoTime() - started) / 1_000_000;
        return new Result(status, path, input, output, error, millis, List.of());
    }

    /** An llm step's tokens are charged like a run's: a test is a real call to the provider. */
    private void meter(WorkspaceId workspace, UUID runId, AttemptRow attempt) {
        Map<String, Object> usage = attempt.usage();
        if (usage == null || !(usage.containsKey("promptTokens") || usage.containsKey("completionTokens"))) {
            return;
        }
        var metered = new LlmAttempt(
                workspace,
                runId,
                attempt.path(),
                1,
                usage.get("model") instanceof String model ? model : "unknown",
                Math.max(0, usage.get("promptTokens") instanceof Number n ? n.longValue() : 0),
                Math.max(0, usage.get("completionTokens") instanceof Number n ? n.longValue() : 0));
        tx.executeWithoutResult(status -> metering.record(List.of(metered)));
    }

    private Map<String, Object> scope(UUID runId, UUID workflow, Data data, Map<String, @Nullable Object> loopScope) {
        Map<String, Object> steps = new HashMap<>();
        data.steps().forEach((id, value) -> {
            Map<String, @Nullable Object> entry = new HashMap<>();
            entry.put("output", value);
            steps.put(id, entry);
        });
        Map<String, Object> scope = new HashMap<>();
        scope.put("trigger", data.trigger());
        scope.put("steps", steps);
        scope.put("run", Map.of("id", runId.toString(), "workflowId", workflow.toString()));
        scope.putAll(loopScope);
        return scope;
    }

    private String branch(StepDefinition step, Map<String, Object> scope) {
        for (StepDefinition.Case branch : step.cases()) {
            if (templates.test(branch.when(), scope)) {
                return branch.name();
            }
        }
        return "default";
    }

    /** A loop's items as it would render them (its body is tested step by step, with {@code item} given). */
    private List<?> items(StepDefinition step, Map<String, Object> scope) {
        Object rendered = templates.render(step.fields().get("items"), scope);
        List<?> values = rendered instanceof List<?> list ? list : rendered == null ? List.of() : List.of(rendered);
        if (values.size() > loops.maxItems()) {
            throw new ExpressionFailed("items: " + values.size() + " items; a loop may have at most " + loops.maxItems()
                    + " (levqor.engine.loops.max-items)");
        }
        return values;
    }

    private static int lastIndex(String path) {
        Matcher matcher = ITEM_INDEX.matcher(path);
        int index = 0;
        while (matcher.find()) {
            index = Integer.parseInt(matcher.group(1));
        }
        return index;
    }

    /**
     * A step found in the definition's tree.
     *
     * @param template its path with {@code [*]} for each enclosing loop's item ({@code each[*].call})
     */
    private record Located(StepDefinition step, String template) {

        boolean inLoop() {
            return template.contains("[*].");
        }

        /** The concrete path: the reference when it is one, else the template with the item index filled in. */
        String path(String ref, @Nullable Integer index) {
            if (!ref.equals(step.id())) {
                return ref;
            }
            return template.replace("[*].", "[" + (index != null ? index : 0) + "].");
        }

        boolean matches(String ref) {
            if (ref.equals(step.id())) {
                return true;
            }
            String[] parts = template.split("\\[\\*]", -1);
            List<String> quoted = new ArrayList<>();
            for (String part : parts) {
                quoted.add(Pattern.quote(part));
            }
            return ref.matches(String.join("\\[\\d{1,9}]", quoted));
        }
    }

    private static java.util.Optional<Located> locate(List<StepDefinition> steps, String prefix, String ref) {
        for (StepDefinition step : steps) {
            String path = prefix + step.id();
            Located here = new Located(step, path);
            if (here.matches(ref)) {
                return java.util.Optional.of(here);
            }
            for (int c = 0; c < step.cases().size(); c++) {
                var found = locate(step.cases().get(c).steps(), path + ".cases[" + c + "].", ref);
                if (found.isPresent()) {
                    return found;
                }
            }
            var found = locate(step.otherwise(), path + ".default.", ref);
            if (found.isPresent()) {
                return found;
            }
            found = locate(step.body(), path + "[*].", ref);
            if (found.isPresent()) {
                return found;
            }
        }
        return java.util.Optional.empty();
    }
}
