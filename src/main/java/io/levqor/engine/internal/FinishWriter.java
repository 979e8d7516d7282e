package io.levqor.engine.internal;

import io.levqor.engine.RunFailed;
import io.levqor.engine.RunStatus;
import io.levqor.engine.RunSucceeded;
import io.levqor.engine.jdbc.AttemptRow;
import io.levqor.engine.jdbc.ClaimedJob;
import io.levqor.engine.jdbc.ConcurrencySlots;
import io.levqor.engine.jdbc.JobQueue;
import io.levqor.engine.jdbc.RunRepository;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Writes one {@link Finish} inside the caller's transaction. The fenced job update or delete comes first: when
 * it matches no row another worker owns the job now (or the run was cancelled) and nothing else is written.
 */
@Component
class FinishWriter {

    private final JobQueue queue;
    private final RunRepository runs;
    private final ConcurrencySlots slots;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    FinishWriter(
            JobQueue queue, RunRepository runs, ConcurrencySlots slots, ApplicationEventPublisher events, Clock clock) {
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

    Result write(Finish finish) {
        ClaimedJob job = finish.job();
        return switch (finish) {
            case Finish.Discard d -> queue.delete(job) ? Result.ONGOING : Result.DISCARDED;
            case Finish.Defer d ->
                queue.requeue(job, job.stepIndex(), job.attempt() - 1, null, d.delay())
                        ? Result.ONGOING
                        : Result.DISCARDED;
            case Finish.Continue c -> {
                if (!queue.requeue(job, c.stepIndex(), c.attempt(), c.runAt(), c.delay())) {
                    yield Result.DISCARDED;
                }
                record(job, c.attempts());
                runs.saveProgress(job.tenant(), job.runId(), c.stepIndex(), c.outputs());
                yield Result.ONGOING;
            }
            case Finish.Complete c -> {
                if (!queue.delete(job)) {
                    yield Result.DISCARDED;
                }
                Optional<Boolean> heldSlot = runs.finish(
                        job.tenant(),
                        job.runId(),
                        c.status(),
                        c.stepIndex(),
                        c.outputs(),
                        c.output(),
                        c.error(),
                        clock.instant());
                if (heldSlot.isEmpty()) {
                    // Ended meanwhile (cancelled): the job row was ours, but the run's final word was already said.
                    yield Result.DISCARDED;
                }
                record(job, c.attempts());
                if (heldSlot.get()) {
                    slots.release(job.tenant(), c.workflowId());
                }
                if (c.status() == RunStatus.SUCCEEDED) {
                    events.publishEvent(new RunSucceeded(job.tenant(), job.runId(), c.workflowId()));
                } else {
                    events.publishEvent(
                            new RunFailed(job.tenant(), job.runId(), c.workflowId(), String.valueOf(c.error())));
                }
                yield new Result(true, c.status());
            }
        };
    }

    private void record(ClaimedJob job, List<AttemptRow> attempts) {
        runs.recordAttempts(job.tenant(), job.runId(), attempts);
    }
}
