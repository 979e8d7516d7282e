package io.levqor.engine.internal;

import io.levqor.connectors.CredentialResolver;
import io.levqor.connectors.Redactor;
import io.levqor.connectors.StepFailure;
import io.levqor.connectors.StepOutcome;
import io.levqor.connectors.StepRequest;
import io.levqor.connectors.StepType;
import io.levqor.engine.RunStatus;
import io.levqor.engine.jdbc.AttemptRow;
import io.levqor.engine.jdbc.ClaimedJob;
import io.levqor.engine.jdbc.ConcurrencySlots;
import io.levqor.engine.jdbc.RunRepository;
import io.levqor.engine.jdbc.RunRow;
import io.levqor.shared.ProblemException;
import io.levqor.workflow.Definition;
import io.levqor.workflow.ExpressionFailed;
import io.levqor.workflow.StepDefinition;
import io.levqor.workflow.Templates;
import io.levqor.workflow.WorkflowId;
import io.levqor.workflow.Workflows;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs the steps of one claimed job: the job's own step, then every pure step after it inline (no trip through
 * the queue), and says how the job ends as a {@link Finish}. Writes nothing itself except a concurrency slot.
 */
@Component
class StepExecutor {

    /** The step type the engine handles itself: its {@code if} decides whether the run goes on. */
    static final String FILTER = "filter";

    private final RunRepository runs;
    private final ConcurrencySlots slots;
    private final Workflows workflows;
    private final StepTypes stepTypes;
    private final Templates templates;
    private final Json json;
    private final Clock clock;
    private final EngineSettings settings;
    private final EngineMetrics metrics;
    private final StepCredentials credentials;
    private final TransactionTemplate tx;
    private final StepDeadlines deadlines;
    private final LoopRunner loops;
    private final io.levqor.billing.PlatformSpendLimit platformSpend;
    private final ResumeLinks resumeLinks;

    StepExecutor(
            RunRepository runs,
            ConcurrencySlots slots,
            Workflows workflows,
            StepTypes stepTypes,
            Templates templates,
            Json json,
            Clock clock,
            EngineSettings settings,
            EngineMetrics metrics,
            StepCredentials credentials,
            TransactionTemplate tx,
            StepDeadlines deadlines,
            LoopRunner loops,
            io.levqor.billing.PlatformSpendLimit platformSpend,
            ResumeLinks resumeLinks) {
        this.platformSpend = platformSpend;
        this.resumeLinks = resumeLinks;
        this.runs = runs;
        this.slots = slots;
        this.workflows = workflows;
        this.stepTypes = stepTypes;
        this.templates = templates;
        this.json = json;
        this.clock = clock;
        this.settings = settings;
        this.metrics = metrics;
        this.credentials = credentials;
        this.tx = tx;
        this.deadlines = deadlines;
        this.loops = loops;
    }

    /** Thrown when the thread was interrupted (run cancelled, lease lost): nothing of the job is written. */
    static final class Abandoned extends RuntimeException {
        Abandoned() {
            super("abandoned", null, false, false);
        }
    }

    /** Runs the job's steps; {@code run} is its run as loaded with the claim (null when it vanished). */
    Finish execute(ClaimedJob job, @Nullable RunRow run) {
        if (run == null || run.status().isFinal()) {
            return new Finish.Discard(job);
        }
        Definition definition;
        try {
            definition = workflows
                    .version(job.tenant(), new WorkflowId(run.workflowId()), run.version())
                    .definition();
        } catch (ProblemException e) {
            return new Finish.Complete(
                    job,
                    run.workflowId(),
                    List.of(),
                    RunStatus.FAILED,
                    job.stepIndex(),
                    run.outputs(),
                    null,
                    "workflow version " + run.version() + " is gone: " + e.getMessage());
        }
        if (definition.concurrency() != null && !run.holdsSlot() && !takeSlot(run, definition.concurrency())) {
            return new Finish.Defer(job, settings.concurrencyRecheck());
        }
        if (run.status() == RunStatus.QUEUED) {
            runs.markRunning(job.tenant(), job.runId());
        } else if (run.status() == RunStatus.WAITING && !runs.wakeTimedOut(job.tenant(), job.runId())) {
            // No longer waiting: cancelled or failed meanwhile (a signal cannot win, its job is ours now).
            return new Finish.Discard(job);
        }
        return new Execution(job, run, definition).run();
    }

    /**
     * Runs a new, uncapped run of only pure steps on the caller's thread, before anything is stored: no job, claim
     * or finish is needed, as running it again from scratch would give the same result. Empty when the run must go
     * through the queue after all (a step that is not pure, or an expression that timed out and earns a retry).
     */
    Optional<Finish.Complete> executeEagerly(RunRow run, Definition definition) {
        if (definition.concurrency() != null || !allPure(definition)) {
            return Optional.empty();
        }
        var job = new ClaimedJob(0, run.tenant(), run.id(), 0, 1, run.priority(), "eager", run.createdAt());
        return new Execution(job, run, definition).run() instanceof Finish.Complete complete
                ? Optional.of(complete)
                : Optional.empty();
    }

    /**
     * "Test step": runs {@code single} (a definition holding only the step to test) once, in place, as an item would
     * run it — one attempt, no retry, no wait, nothing stored — with the same rendering, credentials, redaction,
     * timeout and spend checks as a run. The attempts recorded say how it went.
     */
    List<AttemptRow> testOne(
            RunRow run,
            Definition single,
            String prefix,
            Map<String, @Nullable Object> outputs,
            Map<String, Object> trigger,
            Map<String, @Nullable Object> loopScope) {
        var job = new ClaimedJob(0, run.tenant(), run.id(), 0, 1, run.priority(), "test", run.createdAt());
        Finish finish =
                new Execution(job, run, single, StepPlan.of(single), outputs, trigger, prefix, loopScope, 0).run(0, 1);
        return switch (finish) {
            case Finish.Complete complete -> complete.attempts();
            case Finish.Continue next -> next.attempts();
            case Finish.Advance advance -> advance.attempts();
            case Finish.Wait wait -> wait.attempts();
            default -> List.of();
        };
    }

    private boolean allPure(Definition definition) {
        for (StepPlan.Node node : StepPlan.of(definition).nodes()) {
            StepDefinition step = node.step();
            if (!FILTER.equals(step.type())
                    && !step.isSwitch()
                    && !stepTypes.find(step.type()).map(StepType::pure).orElse(false)) {
                return false;
            }
        }
        return true;
    }

    private boolean takeSlot(RunRow run, int cap) {
        Boolean taken = tx.execute(status -> {
            if (!runs.markHoldsSlot(run.tenant(), run.id())) {
                return true;
            }
            if (!slots.acquire(run.tenant(), run.workflowId(), cap)) {
                status.setRollbackOnly();
                return false;
            }
            return true;
        });
        return Boolean.TRUE.equals(taken);
    }

    /** The state of one job's execution: the outputs so far and the attempts to record. */
    private final class Execution {
        private final ClaimedJob job;
        private final RunRow run;
        private final Definition definition;
        private final StepPlan plan;
        private final Map<String, @Nullable Object> outputs;
        private final Map<String, Object> trigger;
        private final List<AttemptRow> attempts = new ArrayList<>();
        // Inside a forEach item: the item's path prefix ("each[17]."), what its expressions see besides the run's
        // (item, index), and the loop's position, under which the item's attempts are recorded. Such an execution
        // runs every step in place (a whole item is one unit of the loop's job) and never parks or goes back to the
        // queue; retries and delays wait on the item's own thread.
        private final String prefix;
        private final Map<String, @Nullable Object> loopScope;
        private final int loopIndex;
        private final boolean item;
        /** The index of the step being run, for {@code run.resumeUrl}. */
        private int current;
        /** Whether the definition has a signal wait at all; without one, no step gets a resume link. */
        private final boolean waitsForSignals;

        Execution(ClaimedJob job, RunRow run, Definition definition) {
            this(
                    job,
                    run,
                    definition,
                    StepPlan.of(definition),
                    json.readMap(run.outputs()),
                    new LinkedHashMap<>(json.readMap(run.trigger())),
                    "",
                    Map.of(),
                    -1);
        }

        private Execution(
                ClaimedJob job,
                RunRow run,
                Definition definition,
                StepPlan plan,
                Map<String, @Nullable Object> outputs,
                Map<String, Object> trigger,
                String prefix,
                Map<String, @Nullable Object> loopScope,
                int loopIndex) {
            this.job = job;
            this.run = run;
            this.definition = definition;
            this.plan = plan;
            this.waitsForSignals = plan.nodes().stream()
                    .anyMatch(node -> node.step().isWait() && !node.step().isSleep());
            this.outputs = outputs;
            this.trigger = trigger;
            this.prefix = prefix;
            this.loopScope = loopScope;
            this.loopIndex = loopIndex;
            this.item = loopIndex >= 0;
        }

        Finish run() {
            return run(job.stepIndex(), job.attempt());
        }

        /** Runs from position {@code from}, whose attempt is {@code firstAttempt}; later steps start at attempt 1. */
        Finish run(int from, int firstAttempt) {
            int index = from;
            boolean first = true;
            while (index < plan.size()) {
                StepPlan.Node node = plan.at(index);
                StepDefinition step = node.step();
                boolean engineStep = step.isSwitch() || step.isWait() || step.isForEach();
                StepType type = engineStep ? null : stepTypes.find(step.type()).orElse(null);
                // A wait is reached without a trip through the queue: arriving there only parks the run.
                // A loop starts a job of its own (it holds its job while its items run), like a side effect.
                boolean pure = FILTER.equals(step.type())
                        || (engineStep && !step.isForEach())
                        || (type != null && type.pure());
                if (!first && !pure && !item) {
                    return new Finish.Continue(job, attempts, index, 0, json.write(outputs), null, Duration.ZERO);
                }
                // Whether this is the step the job was claimed for (a wait's signal or timeout is handled only then).
                boolean claimedFor = first;
                int attempt = first ? firstAttempt : 1;
                first = false;
                Instant started = clock.instant();
                current = index;
                Map<String, Object> scope = scope();
                boolean go;
                try {
                    go = templates.test(step.condition(), scope);
                } catch (ExpressionFailed e) {
                    Finish end = expressionFailed(node, attempt, started, "if: " + e.getMessage());
                    if (end != null) {
                        return end;
                    }
                    index = after(node);
                    continue;
                }
                if (FILTER.equals(step.type())) {
                    record(node, "succeeded", null, Map.of("passed", go), null, started);
                    if (!go) {
                        return complete(RunStatus.SUCCEEDED, index + 1, null, null);
                    }
                    index = after(node);
                    continue;
                }
                if (!go) {
                    record(node, "skipped", null, null, null, started);
                    index = after(node);
                    continue;
                }
                if (step.isWait() && item) {
                    // The validator refuses this; a definition stored before it did fails here, not in a worker.
                    Finish end = failed(node, started, null, "a wait cannot run inside a forEach");
                    if (end != null) {
                        return end;
                    }
                    index = after(node);
                    continue;
                }
                if (step.isForEach()) {
                    Finish end = forEach(node, scope, started);
                    if (end != null) {
                        return end;
                    }
                    index = after(node);
                    continue;
                }
                if (step.isSleep()) {
                    Finish sleep = sleep(node, claimedFor, started, scope);
                    if (sleep != null) {
                        return sleep;
                    }
                    index = after(node);
                    continue;
                }
                if (step.isWait()) {
                    boolean timedOut = claimedFor && run.status() == RunStatus.WAITING;
                    if (claimedFor && !timedOut && outputs.containsKey(step.id())) {
                        // Signalled: the signal's body was stored as the step's output.
                        record(node, "succeeded", null, outputs.get(step.id()), null, started);
                        index = after(node);
                        continue;
                    }
                    if (!timedOut) {
                        return new Finish.Wait(
                                job,
                                attempts,
                                index,
                                json.write(outputs),
                                String.valueOf(step.fields().get("signal")),
                                step.id(),
                                java.util.Objects.requireNonNull(step.timeout()));
                    }
                    if ("continue".equals(step.fields().get("onTimeout"))) {
                        Map<String, Object> output = Map.of("timedOut", true);
                        record(node, "succeeded", null, output, null, started);
                        outputs.put(step.id(), output);
                        index = after(node);
                        continue;
                    }
                    Finish end = failed(
                            node,
                            started,
                            null,
                            "timed out: no signal '" + step.fields().get("signal") + "' within " + step.timeout());
                    if (end != null) {
                        return end;
                    }
                    index = after(node);
                    continue;
                }
                if (step.isSwitch()) {
                    int taken;
                    try {
                        taken = branchTaken(step, scope);
                    } catch (ExpressionFailed e) {
                        Finish end = expressionFailed(node, attempt, started, e.getMessage());
                        if (end != null) {
                            return end;
                        }
                        index = after(node);
                        continue;
                    }
                    String branch = branchName(step, taken);
                    record(node, "succeeded", null, Map.of("branch", branch), null, started);
                    // Readable inside the branch as steps.<switch>.output.branch; its output is filled in at the end.
                    Map<String, @Nullable Object> chosen = new LinkedHashMap<>();
                    chosen.put("branch", branch);
                    chosen.put("output", null);
                    outputs.put(step.id(), chosen);
                    int start = node.branchStarts()[taken];
                    int stop = taken + 1 < node.branchStarts().length ? node.branchStarts()[taken + 1] : node.end();
                    index = start < stop ? start : after(node);
                    continue;
                }
                if (type == null) {
                    Finish end = failed(node, started, null, "unknown step type '" + step.type() + "'");
                    if (end != null) {
                        return end;
                    }
                    index = after(node);
                    continue;
                }
                Object config;
                try {
                    config = templates.render(withoutLiterals(step.fields(), type), scope);
                } catch (ExpressionFailed e) {
                    Finish end = expressionFailed(node, attempt, started, e.getMessage());
                    if (end != null) {
                        return end;
                    }
                    index = after(node);
                    continue;
                }
                Map<String, Object> rendered = new LinkedHashMap<>();
                if (config instanceof Map<?, ?> map) {
                    map.forEach((key, value) -> rendered.put(String.valueOf(key), value));
                }
                type.literalFields().forEach(name -> {
                    if (step.fields().containsKey(name)) {
                        rendered.put(name, step.fields().get(name));
                    }
                });
                if (step.credential() != null) {
                    rendered.put("credential", step.credential());
                }
                // Secrets a step resolves are masked in everything kept: history, and what later steps see.
                Redactor redactor = new Redactor();
                StepOutcome outcome = redactor.redact(invoke(type, node, rendered, attempt, redactor, scope));
                Map<String, Object> input = redactedConfig(redactor, rendered);
                Duration took = Duration.between(started, clock.instant());
                metrics.step(step.type(), outcomeName(outcome), took);
                switch (outcome) {
                    case StepOutcome.Succeeded succeeded -> {
                        record(node, "succeeded", input, succeeded.output(), null, started);
                        meter(succeeded.usage(), rendered.get("model"));
                        outputs.put(step.id(), succeeded.output());
                        index = after(node);
                    }
                    case StepOutcome.Sleep sleep -> {
                        record(node, "succeeded", input, sleep.output(), null, started);
                        outputs.put(step.id(), sleep.output());
                        int next = after(node);
                        return new Finish.Continue(
                                job, attempts, next, 0, json.write(outputs), sleep.until(), Duration.ZERO);
                    }
                    case StepOutcome.Failed failure -> {
                        record(node, "failed", input, failure.output(), failure.error(), started);
                        if (failure.retryable() && attempt < step.retry().maxAttempts()) {
                            Duration delay = Backoff.delay(step.retry(), attempt, failure.retryAfter());
                            return new Finish.Continue(job, attempts, index, attempt, json.write(outputs), null, delay);
                        }
                        Finish end = giveUp(node, failure.error());
                        if (end != null) {
                            return end;
                        }
                        index = after(node);
                    }
                }
            }
            if (item) {
                return complete(RunStatus.SUCCEEDED, index, null, null);
            }
            Object output;
            try {
                output = templates.render(definition.output(), scope());
            } catch (ExpressionFailed e) {
                return complete(RunStatus.FAILED, index, null, "output: " + e.getMessage());
            }
            return complete(RunStatus.SUCCEEDED, index, json.writeOrNull(output), null);
        }

        /**
         * A {@code forEach}: renders its items, runs them through {@link LoopRunner} (each item a nested execution of
         * the body with {@code item} and {@code index} in scope) and stores the array of their last outputs as the
         * loop's output. Answers how the run ends when the loop failed for good, or null when the run goes on.
         */
        private @Nullable Finish forEach(StepPlan.Node node, Map<String, Object> scope, Instant started) {
            StepDefinition step = node.step();
            String loopPath = prefix + node.path();
            Object rendered;
            try {
                rendered = templates.render(step.fields().get("items"), scope);
            } catch (ExpressionFailed e) {
                return failed(node, started, null, "items: " + e.getMessage());
            }
            // JSONata answers a one-element result as the element and an empty one as nothing.
            List<?> values = rendered instanceof List<?> list ? list : rendered == null ? List.of() : List.of(rendered);
            if (values.size() > loops.maxItems()) {
                return failed(
                        node,
                        started,
                        null,
                        "items: " + values.size() + " items; a loop may have at most " + loops.maxItems()
                                + " (levqor.engine.loops.max-items)");
            }
            int concurrency = step.fields().get("concurrency") instanceof Number n ? n.intValue() : 1;
            boolean continueOnItemError = "continue".equals(step.fields().get("onItemError"));
            StepPlan body = StepPlan.body(step);
            LoopRunner.Outcome outcome = loops.run(
                    job.tenant(),
                    run.id(),
                    loopPath,
                    values,
                    concurrency,
                    continueOnItemError,
                    (index, value) -> runItem(step, body, loopPath + "[" + index + "].", node.index(), index, value));
            Map<String, Object> input = Map.of("items", values.size(), "concurrency", concurrency);
            switch (outcome) {
                case LoopRunner.Outcome.Failed failure -> {
                    String error =
                            failure.index() >= 0 ? "item " + failure.index() + ": " + failure.error() : failure.error();
                    return failed(node, started, input, error);
                }
                case LoopRunner.Outcome.Done done -> {
                    Map<String, Object> summary = new LinkedHashMap<>();
                    summary.put("items", values.size());
                    summary.put("failed", done.failed());
                    record(node, "succeeded", input, summary, null, started);
                    outputs.put(step.id(), done.outputs());
                    return null;
                }
            }
        }

        /** One item of a loop: the body's steps in place, retries and delays waited out on this (item) thread. */
        private LoopRunner.ItemResult runItem(
                StepDefinition loop, StepPlan body, String itemPrefix, int loopAt, int index, @Nullable Object value) {
            Map<String, @Nullable Object> itemScope = new HashMap<>(loopScope);
            itemScope.put("item", value);
            itemScope.put("index", index);
            int at = item ? loopIndex : loopAt;
            var execution = new Execution(
                    job, run, definition, body, new HashMap<>(outputs), trigger, itemPrefix, itemScope, at);
            int from = 0;
            int attempt = 1;
            while (true) {
                Finish finish = execution.run(from, attempt);
                switch (finish) {
                    case Finish.Continue next -> {
                        Instant due = next.runAt() != null
                                ? next.runAt()
                                : clock.instant().plus(next.delay());
                        Duration wait = Duration.between(clock.instant(), due);
                        if (wait.isPositive()) {
                            try {
                                Thread.sleep(wait);
                            } catch (InterruptedException e) {
                                throw new Abandoned();
                            }
                        }
                        from = next.stepIndex();
                        attempt = next.attempt() + 1;
                    }
                    case Finish.Complete end
                    when end.status() == RunStatus.SUCCEEDED -> {
                        Object last = lastOutput(loop.body(), execution.outputs);
                        return new LoopRunner.ItemResult(false, last, json.writeOrNull(last), null, execution.attempts);
                    }
                    case Finish.Complete end -> {
                        return loops.failure(String.valueOf(end.error()), execution.attempts);
                    }
                    default -> {
                        return loops.failure("the item could not go on inside its loop", execution.attempts);
                    }
                }
            }
        }

        /**
         * A durable sleep ({@code wait} with {@code until}): parks the run as {@code waiting} with its job due at that
         * instant, its output {@code {until}} kept with the run's outputs; woken by that job (across restarts: the job
         * is all that remembers it), the step succeeds. Null when the run goes on now (due already, or failed under
         * {@code onError: continue}).
         */
        private @Nullable Finish sleep(
                StepPlan.Node node, boolean claimedFor, Instant started, Map<String, Object> scope) {
            StepDefinition step = node.step();
            if (claimedFor && run.status() == RunStatus.WAITING && outputs.containsKey(step.id())) {
                record(node, "succeeded", null, outputs.get(step.id()), null, started);
                return null;
            }
            Instant until;
            try {
                Object rendered = templates.render(step.fields().get("until"), scope);
                if (!(rendered instanceof String text)) {
                    return failed(node, started, null, "until: must give an ISO-8601 instant, not " + rendered);
                }
                until = Instant.parse(text);
            } catch (ExpressionFailed e) {
                return failed(node, started, null, "until: " + e.getMessage());
            } catch (java.time.format.DateTimeParseException e) {
                return failed(node, started, null, "until: is not an ISO-8601 instant: " + e.getMessage());
            }
            Map<String, Object> output = Map.of("until", until.toString());
            outputs.put(step.id(), output);
            if (!until.isAfter(clock.instant())) {
                record(node, "succeeded", null, output, null, started);
                return null;
            }
            return new Finish.Wait(
                    job, attempts, node.index(), json.write(outputs), null, step.id(), Duration.ZERO, until);
        }

        /** The first case whose {@code when} is true, or the number of cases for the default. */
        private int branchTaken(StepDefinition step, Map<String, Object> scope) {
            for (int c = 0; c < step.cases().size(); c++) {
                if (templates.test(step.cases().get(c).when(), scope)) {
                    return c;
                }
            }
            return step.cases().size();
        }

        /**
         * Where the run goes once {@code node} is done: its next sibling, or, when it was the last step of a branch,
         * past the switch that holds it (whose output then becomes {@code {branch, output}}), and so on outwards.
         */
        private int after(StepPlan.Node node) {
            StepPlan.Node done = node;
            while (done.last() && done.parent() >= 0) {
                StepPlan.Node holder = plan.at(done.parent());
                closeBranch(holder.step(), done.branch());
                done = holder;
            }
            return done.end();
        }

        /** A switch's output: its branch's name and the last output that branch's steps produced. */
        private void closeBranch(StepDefinition step, int branch) {
            List<StepDefinition> steps =
                    branch < step.cases().size() ? step.cases().get(branch).steps() : step.otherwise();
            Object last = lastOutput(steps, outputs);
            Map<String, @Nullable Object> output = new LinkedHashMap<>();
            output.put("branch", branchName(step, branch));
            output.put("output", last);
            outputs.put(step.id(), output);
        }

        private StepOutcome invoke(
                StepType type,
                StepPlan.Node node,
                Map<String, Object> config,
                int attempt,
                Redactor redactor,
                Map<String, Object> data) {
            StepDefinition step = node.step();
            Duration timeout = step.timeout() != null ? step.timeout() : settings.stepTimeout();
            CredentialResolver resolver = redactor.watch(credentials.forWorkspace(job.tenant()));
            var request = new StepRequest(
                    job.tenant(),
                    run.id(),
                    run.workflowId(),
                    step.id(),
                    attempt,
                    config,
                    timeout,
                    resolver,
                    data,
                    prefix + node.path());
            // The platform's daily cost limit fails an LLM step outright (docs/billing.md says why not a pause).
            if (platformSpend.refusal(type.name()) instanceof String refused) return StepOutcome.failed(refused, false);
            // Pure steps are bounded by the expression time limit; only side-effect steps need the backstop.
            try (var deadline = type.pure() ? deadlines.none() : deadlines.arm(timeout)) {
                try {
                    return type.execute(request);
                } catch (InterruptedException e) {
                    if (deadline.fired()) {
                        return timedOut(timeout);
                    }
                    throw new Abandoned();
                } catch (StepFailure e) {
                    return e.toOutcome();
                } catch (RuntimeException e) {
                    if (deadline.fired()) {
                        return timedOut(timeout);
                    }
                    if (Thread.currentThread().isInterrupted()) {
                        throw new Abandoned();
                    }
                    return StepOutcome.failed(e.getClass().getSimpleName() + ": " + e.getMessage(), true);
                }
            }
        }

        private StepOutcome timedOut(Duration timeout) {
            return StepOutcome.failed(
                    "timed out after " + timeout.toMillis() + " ms (the step ignored its timeout)", true);
        }

        /**
         * An expression that timed out may only have met a busy machine, so it is retried like any timeout (a
         * hostile one just fails after the last attempt); one that does not parse or fails never will succeed.
         */
        private @Nullable Finish expressionFailed(StepPlan.Node node, int attempt, Instant started, String error) {
            StepDefinition step = node.step();
            int index = node.index();
            if (error.contains("timed out") && attempt < step.retry().maxAttempts()) {
                record(node, "failed", null, null, error, started);
                metrics.step(step.type(), "retryable", Duration.between(started, clock.instant()));
                Duration delay = Backoff.delay(step.retry(), attempt, null);
                return new Finish.Continue(job, attempts, index, attempt, json.write(outputs), null, delay);
            }
            return failed(node, started, null, error);
        }

        /** Records the step's final failure; answers how the run ends, or null when it goes on (onError continue). */
        private @Nullable Finish failed(StepPlan.Node node, Instant started, @Nullable Object input, String error) {
            record(node, "failed", input, null, error, started);
            metrics.step(node.step().type(), "failed", Duration.between(started, clock.instant()));
            return giveUp(node, error);
        }

        /**
         * The step failed for good: the run fails with it, unless the step says {@code "onError": "continue"}; then
         * its output is {@code {error: {message}}} for later steps to look at, and null is answered.
         */
        private @Nullable Finish giveUp(StepPlan.Node node, String error) {
            if (!node.step().continueOnError()) {
                return complete(RunStatus.FAILED, node.index(), null, "step " + prefix + node.path() + ": " + error);
            }
            Map<String, @Nullable Object> failure = new LinkedHashMap<>();
            failure.put("message", error);
            Map<String, @Nullable Object> output = new LinkedHashMap<>();
            output.put("error", failure);
            outputs.put(node.step().id(), output);
            return null;
        }

        private Finish complete(RunStatus status, int index, @Nullable String output, @Nullable String error) {
            // An item's outputs are read from this execution by its loop, never stored as the run's.
            String kept = item ? "{}" : json.write(outputs);
            return new Finish.Complete(job, run.workflowId(), attempts, status, index, kept, output, error);
        }

        private void record(
                StepPlan.Node node,
                String status,
                @Nullable Object input,
                @Nullable Object output,
                @Nullable String error,
                Instant started) {
            StepDefinition step = node.step();
            attempts.add(new AttemptRow(
                    item ? loopIndex : node.index(),
                    prefix + node.path(),
                    step.id(),
                    step.type(),
                    status,
                    json.writeOrNull(input),
                    json.writeOrNull(output),
                    error,
                    started,
                    clock.instant()));
        }

        /**
         * Hands the attempt's usage (an llm step's tokens) to the attempt just recorded, so billing meters it in the
         * transaction that writes the attempt; the model the step asked for stands in when the answer named none.
         */
        private void meter(Map<String, Object> usage, @Nullable Object requestedModel) {
            if (usage.isEmpty()) {
                return;
            }
            Map<String, Object> metered = new LinkedHashMap<>(usage);
            if (!(metered.get("model") instanceof String) && requestedModel instanceof String model) {
                metered.put("model", model);
            }
            attempts.set(attempts.size() - 1, attempts.getLast().withUsage(metered));
        }

        private Map<String, Object> scope() {
            Map<String, Object> steps = new HashMap<>();
            outputs.forEach((id, value) -> {
                Map<String, @Nullable Object> entry = new HashMap<>();
                entry.put("output", value);
                steps.put(id, entry);
            });
            Map<String, Object> scope = new HashMap<>();
            scope.put("trigger", trigger);
            scope.put("steps", steps);
            Map<String, Object> about = new HashMap<>();
            about.put("id", run.id().toString());
            about.put("workflowId", run.workflowId().toString());
            String resumeUrl = resumeUrl();
            if (resumeUrl != null) {
                about.put("resumeUrl", resumeUrl);
            }
            scope.put("run", about);
            scope.putAll(loopScope);
            return scope;
        }

        /**
         * The signed link to the next signal {@code wait} from the current step on (in the definition's order), valid
         * for that wait's timeout from now; null when no such wait lies ahead (most runs: no cost to them).
         */
        private @Nullable String resumeUrl() {
            if (!waitsForSignals) {
                return null;
            }
            for (StepPlan.Node node : plan.nodes()) {
                StepDefinition step = node.step();
                if (node.index() >= current && step.isWait() && !step.isSleep() && step.timeout() != null) {
                    return resumeLinks.url(
                            run.tenant(),
                            run.id(),
                            step.id(),
                            String.valueOf(step.fields().get("signal")),
                            clock.instant().plus(step.timeout()));
                }
            }
            return null;
        }
    }

    /** The step's fields to render: all but those its type takes literally (a script's source). */
    private static Map<String, Object> withoutLiterals(Map<String, Object> fields, StepType type) {
        if (type.literalFields().isEmpty()) {
            return fields;
        }
        Map<String, Object> rendered = new LinkedHashMap<>(fields);
        rendered.keySet().removeAll(type.literalFields());
        return rendered;
    }

    /** The output of the last of {@code steps} that produced one (a skipped step produces none). */
    private static @Nullable Object lastOutput(List<StepDefinition> steps, Map<String, @Nullable Object> outputs) {
        for (int i = steps.size() - 1; i >= 0; i--) {
            if (outputs.containsKey(steps.get(i).id())) {
                return outputs.get(steps.get(i).id());
            }
        }
        return null;
    }

    private static String branchName(StepDefinition step, int branch) {
        return branch < step.cases().size() ? step.cases().get(branch).name() : "default";
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> redactedConfig(Redactor redactor, Map<String, Object> config) {
        return redactor.isEmpty() ? config : (Map<String, Object>) redactor.redact((Object) config);
    }

    private static String outcomeName(StepOutcome outcome) {
        return switch (outcome) {
            case StepOutcome.Succeeded s -> "succeeded";
            case StepOutcome.Failed f -> f.retryable() ? "retryable" : "failed";
            case StepOutcome.Sleep s -> "sleeping";
        };
    }
}
