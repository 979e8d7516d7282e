package io.levqor.engine.internal;

import io.levqor.engine.RunStatus;
import io.levqor.engine.jdbc.AttemptRow;
import io.levqor.engine.jdbc.ClaimedJob;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** What a worker writes when it is done with a claimed job: applied in one fenced transaction. */
sealed interface Finish {

    ClaimedJob job();

    /** The run ended or vanished: just remove the job. */
    record Discard(ClaimedJob job) implements Finish {}

    /** The run's workflow is at its concurrency cap: hand the job back untouched, to try again later. */
    record Defer(ClaimedJob job, Duration delay) implements Finish {}

    /**
     * Steps ran; the job goes back to the queue for {@code stepIndex} (the next step, or the same one to retry).
     *
     * @param attempt the job's attempt counter from here on (0 for a new step)
     * @param runAt an absolute due time (a delay), or null for now plus {@code delay}
     */
    record Continue(
            ClaimedJob job,
            List<AttemptRow> attempts,
            int stepIndex,
            int attempt,
            String outputs,
            @Nullable Instant runAt,
            Duration delay)
            implements Finish {}

    /**
     * Steps ran and the next one is due now: the job stays leased to this worker, which goes on with
     * {@code stepIndex} (attempt 1) as soon as this is written, without a trip through the queue.
     */
    record Advance(ClaimedJob job, List<AttemptRow> attempts, int stepIndex, String outputs) implements Finish {}

    /**
     * The run reached a {@code wait} step: it turns {@code waiting} for {@code signal} (whose body becomes the output
     * of {@code stepId}), and its job goes back to the queue due when the wait times out — or, for a durable sleep
     * ({@code signal} null), due at {@code until}.
     */
    record Wait(
            ClaimedJob job,
            List<AttemptRow> attempts,
            int stepIndex,
            String outputs,
            @Nullable String signal,
            String stepId,
            Duration timeout,
            @Nullable Instant until)
            implements Finish {

        /** A wait for a signal, due back when it times out. */
        Wait(
                ClaimedJob job,
                List<AttemptRow> attempts,
                int stepIndex,
                String outputs,
                String signal,
                String stepId,
                Duration timeout) {
            this(job, attempts, stepIndex, outputs, signal, stepId, timeout, null);
        }
    }

    /**
     * The run reached its final status.
     *
     * @param child whether the run is a child run (a {@code workflow} step started it): its success then also wakes
     *     its parent ({@link ChildRunSucceeded}), while other runs' successes cost no event listener
     */
    record Complete(
            ClaimedJob job,
            UUID workflowId,
            List<AttemptRow> attempts,
            RunStatus status,
            int stepIndex,
            String outputs,
            @Nullable String output,
            @Nullable String error,
            boolean child)
            implements Finish {

        /** The end of a run that is no one's child. */
        Complete(
                ClaimedJob job,
                UUID workflowId,
                List<AttemptRow> attempts,
                RunStatus status,
                int stepIndex,
                String outputs,
                @Nullable String output,
                @Nullable String error) {
            this(job, workflowId, attempts, status, stepIndex, outputs, output, error, false);
        }
    }
}
