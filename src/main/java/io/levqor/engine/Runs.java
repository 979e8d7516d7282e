package io.levqor.engine;

import io.levqor.billing.LlmMetering;
import io.levqor.billing.LlmUsage;
import io.levqor.billing.RunAdmission;
import io.levqor.engine.internal.Json;
import io.levqor.engine.internal.LockRetry;
import io.levqor.engine.internal.ResumeLinks;
import io.levqor.engine.internal.RetryPositions;
import io.levqor.engine.internal.RunIngest;
import io.levqor.engine.internal.SubWorkflows;
import io.levqor.engine.internal.Worker;
import io.levqor.engine.jdbc.AttemptRow;
import io.levqor.engine.jdbc.ConcurrencySlots;
import io.levqor.engine.jdbc.JobQueue;
import io.levqor.engine.jdbc.QueueSignals;
import io.levqor.engine.jdbc.RunRepository;
import io.levqor.engine.jdbc.RunRow;
import io.levqor.shared.Ids;
import io.levqor.shared.ProblemException;
import io.levqor.shared.ValidationFailed;
import io.levqor.shared.WorkspaceId;
import io.levqor.workflow.WorkflowId;
import io.levqor.workflow.WorkflowNotFound;
import io.levqor.workflow.WorkflowVersion;
import io.levqor.workflow.Workflows;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** The engine's facade: start, inspect, list, cancel and retry runs. */
@Service
public class Runs {

    /** The most runs one page lists. */
    public static final int MAX_PAGE = 200;

    /** The most runs one search (by trigger or text) looks through per call, newest first. */
    public static final int SEARCH_WINDOW = 5_000;

    private final Workflows workflows;
    private final RunIngest ingest;
    private final RunRepository runs;
    private final JobQueue queue;
    private final ConcurrencySlots slots;
    private final QueueSignals signals;
    private final Worker worker;
    private final RunAdmission admission;
    private final Json json;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final LlmMetering metering;
    private final ResumeLinks resumeLinks;
    private final SubWorkflows subWorkflows;

    Runs(
            Workflows workflows,
            RunIngest ingest,
            RunRepository runs,
            JobQueue queue,
            ConcurrencySlots slots,
            QueueSignals signals,
            Worker worker,
            RunAdmission admission,
            Json json,
            Clock clock,
            TransactionTemplate tx,
            LlmMetering metering,
            ResumeLinks resumeLinks,
            SubWorkflows subWorkflows) {
        this.subWorkflows = subWorkflows;
        this.metering = metering;
        this.resumeLinks = resumeLinks;
        this.workflows = workflows;
        this.ingest = ingest;
        this.runs = runs;
        this.queue = queue;
        this.slots = slots;
        this.signals = signals;
        this.worker = worker;
        this.admission = admission;
        this.json = json;
        this.clock = clock;
        this.tx = tx;
    }

    /**
     * Starts a run of the workflow's current version with {@code input} ({@code trigger.input} to expressions).
     * The same {@code idempotencyKey} answers the run it first created. A refused admission throws its problem.
     */
    public StartedRun start(
            WorkspaceId workspace, WorkflowId workflow, @Nullable Object input, @Nullable String idempotencyKey) {
        WorkflowVersion version = workflows.latest(workspace, workflow);
        Map<String, @Nullable Object> trigger = new LinkedHashMap<>();
        trigger.put("input", input);
        var start = new RunIngest.Start(version, Ids.newId(), "api", trigger, idempotencyKey);
        RunIngest.Started started = await(ingest.submit(start));
        return new StartedRun(started.runId(), started.status().apiName());
    }

    /**
     * Starts a run of the current version with a trigger shaped like a webhook call ({@code trigger.body},
     * {@code .headers}, {@code .query}), recorded as {@code manual}: the console's test request, which works whether
     * or not the workflow is active. Its steps run for real, side effects included.
     */
    public StartedRun startWebhookTest(
            WorkspaceId workspace,
            WorkflowId workflow,
            @Nullable Object body,
            Map<String, String> headers,
            Map<String, String> query) {
        WorkflowVersion version = workflows.latest(workspace, workflow);
        Map<String, @Nullable Object> trigger = new LinkedHashMap<>();
        trigger.put("body", body);
        trigger.put("headers", headers);
        trigger.put("query", query);
        var start = new RunIngest.Start(version, Ids.newId(), "manual", trigger, null);
        RunIngest.Started started = await(ingest.submit(start));
        return new StartedRun(started.runId(), started.status().apiName());
    }

    /** A run with its steps and their attempts. */
    public RunView find(WorkspaceId workspace, RunId id) {
        RunRow row = runs.find(workspace, id.value()).orElseThrow(() -> RunNotFound.forId(id));
        List<LlmUsage> llm = metering.ofRun(workspace, id.value());
        UUID parent = runs.parents(workspace, List.of(row.id())).get(row.id());
        return view(row, steps(runs.attempts(workspace, id.value()), llm), total(llm), parent);
    }

    /**
     * Runs of the workspace, newest first, after {@code cursor} (from the previous page's {@code nextCursor}). A
     * filter that {@linkplain RunFilter#searches() searches} looks through at most {@link #SEARCH_WINDOW} runs per
     * call: its page can hold fewer than {@code limit} runs, even none, and still have a {@code nextCursor} that goes
     * on with the next window.
     */
    public RunPage list(WorkspaceId workspace, RunFilter filter, @Nullable String cursor, int limit) {
        int size = Math.max(1, Math.min(limit, MAX_PAGE));
        UUID before = cursor == null || cursor.isBlank() ? null : decodeCursor(cursor);
        if (filter.searches()) {
            return search(workspace, filter, before, size);
        }
        List<RunRow> rows = runs.list(
                workspace,
                filter.workflowId(),
                filter.status(),
                filter.from(),
                filter.to(),
                filter.parentRunId(),
                before,
                size + 1);
        List<RunRow> page = rows.stream().limit(size).toList();
        Map<UUID, UUID> parents =
                runs.parents(workspace, page.stream().map(RunRow::id).toList());
        List<RunView> items = page.stream()
                .map(row -> view(row, null, null, parents.get(row.id())))
                .toList();
        String next =
                rows.size() > size ? encodeCursor(items.get(items.size() - 1).id()) : null;
        return new RunPage(items, next);
    }

    private RunPage search(WorkspaceId workspace, RunFilter filter, @Nullable UUID before, int size) {
        RunRepository.SearchWindow window = runs.search(
                workspace,
                filter.workflowId(),
                filter.status(),
                filter.from(),
                filter.to(),
                filter.parentRunId(),
                filter.trigger(),
                filter.text(),
                before,
                SEARCH_WINDOW,
                size + 1);
        List<RunRow> page = window.rows().stream().limit(size).toList();
        Map<UUID, UUID> parents =
                runs.parents(workspace, page.stream().map(RunRow::id).toList());
        List<RunView> items = page.stream()
                .map(row -> view(row, null, null, parents.get(row.id())))
                .toList();
        String next;
        if (window.rows().size() > size) {
            next = encodeCursor(items.getLast().id());
        } else if (window.scanned() == SEARCH_WINDOW && window.scannedTo() != null) {
            // The window was full: older runs were not looked at yet.
            next = encodeCursor(window.scannedTo());
        } else {
            next = null;
        }
        return new RunPage(items, next);
    }

    /**
     * Cancels a queued, delayed or running run. A step running right now is interrupted wherever it runs and its
     * result discarded. Cancelling an ended run is a conflict.
     */
    public RunView cancel(WorkspaceId workspace, RunId id) {
        // A worker finishing the same run at this moment can deadlock with the cancel (they lock the run, its job
        // and the slot): the loser gives way and is repeated rather than answering a 500.
        Boolean cancelled = LockRetry.run(() -> tx.execute(status -> {
            var holder = runs.cancel(workspace, id.value(), clock.instant());
            if (holder.isEmpty()) {
                return false;
            }
            queue.deleteForRun(workspace, id.value());
            if (holder.get().holdsSlot()) {
                slots.release(workspace, holder.get().workflowId());
            }
            signals.notifyCancelled(id.value());
            return true;
        }));
        RunView run = find(workspace, id);
        if (!Boolean.TRUE.equals(cancelled)) {
            throw RunStateConflict.cannot("cancelled", id, run.status());
        }
        worker.abandon(id.value());
        // A cancelled child ends its parent's workflow step (as failed): wake the parent if it waits on it.
        subWorkflows.childEnded(workspace, id.value());
        // A cancelled parent's children still going serve no one: cancel them too (theirs in turn, at most max-depth).
        for (RunRow child : runs.list(workspace, null, null, null, null, id.value(), null, MAX_PAGE)) {
            if (!child.status().isFinal()) {
                try {
                    cancel(workspace, new RunId(child.id()));
                } catch (RunStateConflict endedMeanwhile) {
                    // it ended on its own a moment ago: nothing to cancel
                }
            }
        }
        return run;
    }

    /** Replays a failed run from the step that failed, on the version it pinned, with what earlier steps produced. */
    public RunView retry(WorkspaceId workspace, RunId id) {
        return retry(workspace, id, RetryVersion.OWN);
    }

    /**
     * Replays a failed run from the step that failed, with what earlier steps produced, on the chosen version of its
     * workflow. On another version the run goes on from the step with the failed step's path there and keeps that
     * version from then on; a version that does not exist, or has no such step, is refused naming {@code version}.
     */
    public RunView retry(WorkspaceId workspace, RunId id, RetryVersion choice) {
        if (choice instanceof RetryVersion.Own) {
            return requeue(workspace, id, null);
        }
        RunRow row = runs.find(workspace, id.value()).orElseThrow(() -> RunNotFound.forId(id));
        if (row.status() != RunStatus.FAILED) {
            throw RunStateConflict.cannot("retried", id, row.status().apiName());
        }
        WorkflowId workflow = new WorkflowId(row.workflowId());
        WorkflowVersion target = targetVersion(workspace, workflow, choice);
        if (target.version() == row.version()) {
            return requeue(workspace, id, null);
        }
        WorkflowVersion pinned = workflows.version(workspace, workflow, row.version());
        String path = RetryPositions.pathAt(pinned.definition(), row.stepIndex());
        OptionalInt position = path == null ? OptionalInt.empty() : RetryPositions.indexOf(target.definition(), path);
        if (position.isEmpty()) {
            throw ValidationFailed.of(
                    "version",
                    "version " + target.version() + " has no step '" + path
                            + "' (where the run failed), so the run cannot go on there: start a new run instead");
        }
        return requeue(workspace, id, new Move(row.version(), target.version(), position.getAsInt()));
    }

    /** A retry's move to another version: from the run's version, to the target, at this position. */
    private record Move(int fromVersion, int version, int stepIndex) {}

    private WorkflowVersion targetVersion(WorkspaceId workspace, WorkflowId workflow, RetryVersion choice) {
        try {
            return switch (choice) {
                case RetryVersion.Numbered numbered -> workflows.version(workspace, workflow, numbered.version());
                case RetryVersion.Latest latest -> workflows.latest(workspace, workflow);
                case RetryVersion.Own own -> throw new IllegalStateException("the run's own version is not looked up");
            };
        } catch (WorkflowNotFound missing) {
            throw ValidationFailed.of(
                    "version",
                    choice instanceof RetryVersion.Numbered numbered
                            ? "the workflow has no version " + numbered.version()
                            : "the workflow was deleted: only the run's own version is left");
        }
    }

    private RunView requeue(WorkspaceId workspace, RunId id, @Nullable Move move) {
        Boolean requeued = tx.execute(status -> {
            var from = move == null
                    ? runs.requeueFailed(workspace, id.value())
                    : runs.requeueFailedOn(workspace, id.value(), move.fromVersion(), move.version(), move.stepIndex());
            if (from.isEmpty()) {
                return false;
            }
            admission.admit(workspace, id.value(), "retry");
            queue.enqueue(
                    workspace, id.value(), from.get().stepIndex(), from.get().priority(), null);
            signals.notifyJobsDue();
            return true;
        });
        if (!Boolean.TRUE.equals(requeued)) {
            RunView run = find(workspace, id);
            throw RunStateConflict.cannot("retried", id, run.status());
        }
        worker.wake();
        return find(workspace, id);
    }

    /**
     * Resumes a run waiting for {@code signal}: {@code body} (any JSON) becomes the wait step's output and the run
     * goes on at once. A run that is not waiting for that signal is a conflict.
     */
    public RunView signal(WorkspaceId workspace, RunId id, String signal, @Nullable Object body) {
        if (signal.startsWith(SubWorkflows.AWAITING)) {
            // A parent parked on its child is woken by the child's end only, never by a caller's signal.
            RunView run = find(workspace, id);
            throw RunStateConflict.notWaitingFor(signal, id, run.status());
        }
        return signal(workspace, id, signal, null, body);
    }

    /**
     * Resumes the run a signed {@code run.resumeUrl} names with {@code data} as its wait step's output, without an
     * account: a forged or expired link is not found; a run no longer waiting at that step is a conflict. Answers
     * the run's id and status only (the caller is anonymous).
     */
    public StartedRun resume(String token, @Nullable Object data) {
        ResumeLinks.Target target = resumeLinks
                .verify(token)
                .orElseThrow(() -> new ProblemException(
                        HttpStatus.NOT_FOUND, "not-found", "Not found", "no run waits at this address"));
        RunView run = signal(target.workspace(), new RunId(target.runId()), target.signal(), target.stepId(), data);
        return new StartedRun(run.id(), run.status());
    }

    private RunView signal(
            WorkspaceId workspace, RunId id, String signal, @Nullable String stepId, @Nullable Object body) {
        Boolean resumed = tx.execute(status -> {
            // The job first, as the claim locks them: a job claimed at this moment (the wait timing out) wins.
            String data = json.write(body);
            if (!queue.dueNow(workspace, id.value())
                    || !(stepId == null
                            ? runs.resumeWithSignal(workspace, id.value(), signal, data)
                            : runs.resumeWithSignal(workspace, id.value(), signal, stepId, data))) {
                status.setRollbackOnly();
                return false;
            }
            signals.notifyJobsDue();
            return true;
        });
        if (!Boolean.TRUE.equals(resumed)) {
            RunView run = find(workspace, id);
            throw RunStateConflict.notWaitingFor(signal, id, run.status());
        }
        worker.wake();
        return find(workspace, id);
    }

    private RunView view(
            RunRow row,
            @Nullable List<RunView.Step> steps,
            RunView.@Nullable LlmTotal llm,
            @Nullable UUID parentRunId) {
        Map<String, @Nullable Object> trigger = json.readMap(row.trigger());
        Object input = trigger.containsKey("input") ? trigger.get("input") : trigger;
        return new RunView(
                row.id(),
                row.workflowId(),
                row.version(),
                row.status().apiName(),
                row.triggerType(),
                input,
                json.read(row.output()),
                row.error(),
                row.createdAt(),
                row.finishedAt(),
                steps,
                llm,
                parentRunId);
    }

    private static RunView.@Nullable LlmTotal total(List<LlmUsage> usage) {
        if (usage.isEmpty()) {
            return null;
        }
        long prompt = 0;
        long completion = 0;
        long credits = 0;
        long cost = 0;
        for (LlmUsage u : usage) {
            prompt += u.promptTokens();
            completion += u.completionTokens();
            credits += u.credits();
            cost += u.costMicros();
        }
        return new RunView.LlmTotal(
                usage.size(),
                prompt,
                completion,
                prompt + completion,
                credits,
                cost,
                usage.getFirst().currency());
    }

    private List<RunView.Step> steps(List<AttemptRow> attempts, List<LlmUsage> llm) {
        Map<String, LlmUsage> metered = new java.util.HashMap<>();
        llm.forEach(u -> metered.put(u.stepPath() + '#' + u.attempt(), u));
        Map<String, StepBuilder> byStep = new LinkedHashMap<>();
        for (AttemptRow attempt : attempts) {
            // By path: inside a loop one step id runs once per item (each[0].call, each[1].call…).
            StepBuilder step = byStep.computeIfAbsent(
                    attempt.path(), k -> new StepBuilder(attempt.stepId(), attempt.path(), attempt.stepType()));
            step.status = attempt.status();
            if (!"skipped".equals(attempt.status())) {
                int number = step.attempts.size() + 1;
                LlmUsage usage = metered.get(attempt.path() + '#' + number);
                step.attempts.add(new RunView.Attempt(
                        number,
                        attempt.startedAt(),
                        attempt.finishedAt(),
                        json.read(attempt.input()),
                        json.read(attempt.output()),
                        attempt.error(),
                        usage == null
                                ? null
                                : new RunView.Llm(
                                        usage.model(),
                                        usage.promptTokens(),
                                        usage.completionTokens(),
                                        usage.totalTokens(),
                                        usage.credits(),
                                        usage.costMicros(),
                                        usage.currency()),
                        childRunId(attempt)));
            }
        }
        return byStep.values().stream()
                .map(s -> new RunView.Step(s.id, s.path, s.type, s.status, List.copyOf(s.attempts), item(s.path)))
                .toList();
    }

    /** A {@code workflow} step's attempt names its child run in its input ({@code {workflow, runId}}). */
    private @Nullable UUID childRunId(AttemptRow attempt) {
        if (!io.levqor.workflow.StepDefinition.WORKFLOW.equals(attempt.stepType())
                || !(json.read(attempt.input()) instanceof Map<?, ?> input)
                || !(input.get("runId") instanceof String id)) {
            return null;
        }
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    // An item's index in a path: "[17]" after a loop's id, never a switch's "cases[0]".
    private static final java.util.regex.Pattern ITEM = java.util.regex.Pattern.compile("(?<!\\.cases)\\[(\\d+)]\\.");

    /** The index of the innermost loop item in the path ({@code 17} in {@code each[17].call}), or null. */
    static @Nullable Integer item(String path) {
        Integer found = null;
        var matcher = ITEM.matcher(path);
        while (matcher.find()) {
            found = Integer.valueOf(matcher.group(1));
        }
        return found;
    }

    private static final class StepBuilder {
        final String id;
        final String path;
        final String type;
        String status = "succeeded";
        final List<RunView.Attempt> attempts = new ArrayList<>();

        StepBuilder(String id, String path, String type) {
            this.id = id;
            this.path = path;
            this.type = type;
        }
    }

    private static String encodeCursor(UUID id) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(id.toString().getBytes());
    }

    private static UUID decodeCursor(String cursor) {
        try {
            return UUID.fromString(new String(Base64.getUrlDecoder().decode(cursor)));
        } catch (IllegalArgumentException e) {
            throw ValidationFailed.of("cursor", "is not a cursor this API handed out");
        }
    }

    static <T> T await(java.util.concurrent.CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }
}
