package io.levqor.engine.internal;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The backstop for step types that ignore their timeout: a step still running a grace period after its timeout
 * has its thread interrupted, and the attempt counts as timed out (retryable) rather than hanging a worker.
 */
@Component
class StepDeadlines implements DisposableBean {

    /** Time a step gets beyond its timeout to give up on its own (HTTP clients, for one, time out themselves). */
    static final Duration GRACE = Duration.ofSeconds(1);

    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(
            1, Thread.ofPlatform().daemon().name("levqor-step-deadlines").factory());

    StepDeadlines() {
        timer.setRemoveOnCancelPolicy(true);
    }

    /** Arms a deadline for the calling thread; close it when the step returns. */
    Deadline arm(Duration timeout) {
        return new Deadline(Thread.currentThread(), timeout.plus(GRACE));
    }

    /** One armed deadline. */
    final class Deadline implements AutoCloseable {
        private final AtomicBoolean fired = new AtomicBoolean();
        private final ScheduledFuture<?> alarm;

        private Deadline(Thread thread, Duration after) {
            this.alarm = timer.schedule(
                    () -> {
                        fired.set(true);
                        thread.interrupt();
                    },
                    after.toNanos(),
                    TimeUnit.NANOSECONDS);
        }

        /** Whether the step overran and its thread was interrupted for it. */
        boolean fired() {
            return fired.get();
        }

        /** Disarms; if the alarm went off meanwhile, clears the interrupt it caused so the job's finish stands. */
        @Override
        public void close() {
            alarm.cancel(false);
            if (fired.get()) {
                Thread.interrupted();
            }
        }
    }

    @Override
    public void destroy() {
        timer.shutdownNow();
    }
}
