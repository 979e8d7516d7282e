package io.levqor.engine.internal;

import io.levqor.billing.LlmAttempt;
import io.levqor.billing.LlmMetering;
import io.levqor.engine.RunFailed;
import io.levqor.engine.RunStatus;
import io.levqor.engine.RunSucceeded;
import io.levqor.engine.jdbc.AttemptRow;
import io.levqor.engine.jdbc.ClaimedJob;
import io.levqor.engine.jdbc.ConcurrencySlots;
import io.levqor.engine.jdbc.JobQueue;
import io.levqor.engine.jdbc.RunRepository;
import io.levqor.engine.jdbc.RunRepository.Ending;
import io.levqor.engine.jdbc.RunRepository.Progress;
import io.levqor.engine.jdbc.RunRepository.RunAttempts;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Writes a batch of {@link Finish}es inside the caller's transaction with a fixed number of set-based statements,
 * however large the batch. The fenced job updates and deletes come first: a finish whose job another worker owns
 * now (or whose run was cancelled) matches no row there, and nothing else of it is written.
 */
@Component
class FinishWriter {

    private final JobQueue queue;
    private final RunRepository runs;
    private final ConcurrencySlots slots;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final LlmMetering metering;

    FinishWriter(
            JobQueue queue,
            RunRepository runs,
            ConcurrencySlots slots,
            ApplicationEventPublisher events,
            Clock clock,
            LlmMetering metering) {
        this.metering = metering;
        this.clock = clock;
        this.queue = queue;
        this.runs = runs;
        this.slots = slots;
        this.events = events;
    }

    /** What a finish came to: {@code written} false means it was discarded by the fence. */
    record Result(boolean written, RunStatus finalStatus) {
        static final Result DISCARDED = new Result(false, RunStatus.RUNNING);
        static final Result ONGOING = new Result(true, RunStatus.RUNNING);
    }

    /** Writes the finishes (at most one per job) and answers what each came to, in their order. */
    List<Result> writeAll(List<Finish> batch) {
        List<JobQueue.Requeue> requeues = new ArrayList<>();
        List<JobQueue.Advance> advances = new ArrayList<>();
        List<ClaimedJob> deletes = new ArrayList<>();
        for (Finish finish : batch) {
            ClaimedJob job = finish.job();
            switch (finish) {
                case Finish.Discard d -> deletes.add(job);
                case Finish.Complete c -> deletes.add(job);
                case Finish.Defer d ->
                    requeues.add(new JobQueue.Requeue(job, job.stepIndex(), job.attempt() - 1, null, d.delay()));
                case Finish.Continue c ->
                    requeues.add(new JobQueue.Requeue(job, c.stepIndex(), c.attempt(), c.runAt(), c.delay()));
                case Finish.Advance a -> advances.add(new JobQueue.Advance(job, a.stepIndex()));
                case Finish.Wait w -> requeues.add(new JobQueue.Requeue(job, w.stepIndex(), 0, w.until(), w.timeout()));
            }
        }
        Set<Long> requeued = queue.requeueAll(requeues);
        Set<Long> advanced = queue.advanceAll(advances);
        Set<Long> deleted = queue.deleteAll(deletes);

        List<Progress> progress = new ArrayList<>();
        List<RunRepository.Parked> parked = new ArrayList<>();
        List<Ending> endings = new ArrayList<>();
        for (Finish finish : batch) {
            ClaimedJob job = finish.job();
            if (finish instanceof Finish.Continue c && requeued.contains(job.id())) {
                progress.add(new Progress(job.tenant(), job.runId(), c.stepIndex(), c.outputs()));
            } else if (finish instanceof Finish.Wait w && requeued.contains(job.id())) {
                parked.add(new RunRepository.Parked(
                        job.tenant(), job.runId(), w.stepIndex(), w.outputs(), w.signal(), w.stepId()));
            } else if (finish instanceof Finish.Advance a && advanced.contains(job.id())) {
                progress.add(new Progress(job.tenant(), job.runId(), a.stepIndex(), a.outputs()));
            } else if (finish instanceof Finish.Complete c && deleted.contains(job.id())) {
                endings.add(new Ending(
                        job.tenant(), job.runId(), c.status(), c.stepIndex(), c.outputs(), c.output(), c.error()));
            }
        }
        runs.saveProgressAll(progress);
        runs.parkAll(parked);
        // Runs absent here had already ended (cancelled meanwhile): the job was ours, but not the final word.
        Map<UUID, Boolean> ended = runs.finishAll(endings, clock.instant());

        List<Result> results = new ArrayList<>(batch.size());
        List<RunAttempts> attempts = new ArrayList<>();
        for (Finish finish : batch) {
            ClaimedJob job = finish.job();
            Result result = switch (finish) {
                case Finish.Discard d -> deleted.contains(job.id()) ? Result.ONGOING : Result.DISCARDED;
                case Finish.Defer d -> requeued.contains(job.id()) ? Result.ONGOING : Result.DISCARDED;
                case Finish.Continue c -> {
                    if (!requeued.contains(job.id())) {
                        yield Result.DISCARDED;
                    }
                    attempts.add(new RunAttempts(job.tenant(), job.runId(), c.attempts()));
                    yield Result.ONGOING;
                }
                case Finish.Wait w -> {
                    if (!requeued.contains(job.id())) {
                        yield Result.DISCARDED;
                    }
                    attempts.add(new RunAttempts(job.tenant(), job.runId(), w.attempts()));
                    yield Result.ONGOING;
                }
                case Finish.Advance a -> {
                    if (!advanced.contains(job.id())) {
                        yield Result.DISCARDED;
                    }
                    attempts.add(new RunAttempts(job.tenant(), job.runId(), a.attempts()));
                    yield Result.ONGOING;
                }
                case Finish.Complete c -> {
                    Boolean heldSlot = ended.get(job.runId());
                    if (heldSlot == null) {
                        yield Result.DISCARDED;
                    }
                    attempts.add(new RunAttempts(job.tenant(), job.runId(), c.attempts()));
                    if (heldSlot) {
                        slots.release(job.tenant(), c.workflowId());
                    }
                    publish(c);
                    yield new Result(true, c.status());
                }
            };
            results.add(result);
        }
        runs.recordAllAttempts(attempts);
        meter(attempts);
        return results;
    }

    /**
     * Hands the llm attempts' token usage to billing in this transaction, numbered as the run's detail numbers them
     * (the step's attempts so far, counted after this batch's were written). Batches without one cost nothing.
     */
    private void meter(List<RunAttempts> written) {
        List<RunRepository.StepOfRun> steps = new ArrayList<>();
        List<AttemptRow> metered = new ArrayList<>();
        List<Integer> later = new ArrayList<>();
        for (RunAttempts run : written) {
            List<AttemptRow> rows = run.attempts();
            for (int i = 0; i < rows.size(); i++) {
                AttemptRow row = rows.get(i);
                Map<String, Object> usage = row.usage();
                if (usage == null || !(usage.containsKey("promptTokens") || usage.containsKey("completionTokens"))) {
                    continue; // nothing to meter: only token counts are charged
                }
                // The same step tried again later in this batch: those attempts are counted too, so step back.
                int after = 0;
                for (int j = i + 1; j < rows.size(); j++) {
                    if (rows.get(j).stepId().equals(row.stepId())
                            && !"skipped".equals(rows.get(j).status())) {
                        after++;
                    }
                }
                steps.add(new RunRepository.StepOfRun(run.tenant(), run.runId(), row.stepId()));
                metered.add(row);
                later.add(after);
            }
        }
        if (steps.isEmpty()) {
            return;
        }
        List<Long> tried = runs.triedAttempts(steps);
        List<LlmAttempt> attempts = new ArrayList<>(steps.size());
        for (int i = 0; i < steps.size(); i++) {
            AttemptRow row = metered.get(i);
            Map<String, Object> usage = java.util.Objects.requireNonNull(row.usage());
            int number = (int) Math.max(1, tried.get(i) - later.get(i));
            attempts.add(new LlmAttempt(
                    steps.get(i).tenant(),
                    steps.get(i).runId(),
                    row.path(),
                    number,
                    usage.get("model") instanceof String model ? model : "unknown",
                    Math.max(0, tokens(usage, "promptTokens")),
                    Math.max(0, tokens(usage, "completionTokens"))));
        }
        metering.record(attempts);
    }

    private static long tokens(Map<String, Object> usage, String name) {
        return usage.get(name) instanceof Number n ? n.longValue() : 0;
    }

    /** Publishes the run's end (inside the transaction that stores it). */
    void publish(Finish.Complete c) {
        ClaimedJob job = c.job();
        if (c.status() == RunStatus.SUCCEEDED) {
            events.publishEvent(new RunSucceeded(job.tenant(), job.runId(), c.workflowId()));
            if (c.child()) {
                events.publishEvent(new ChildRunSucceeded(job.tenant(), job.runId()));
            }
        } else {
            events.publishEvent(new RunFailed(job.tenant(), job.runId(), c.workflowId(), String.valueOf(c.error())));
        }
    }
}
