package io.levqor.engine.internal;

import io.levqor.engine.RunFailed;
import io.levqor.engine.RunStatus;
import io.levqor.engine.jdbc.ConcurrencySlots;
import io.levqor.engine.jdbc.JobQueue;
import io.levqor.engine.jdbc.QueueSignals;
import io.levqor.engine.jdbc.RunRepository;
import io.levqor.engine.jdbc.RunRepository.TimedOut;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Fails runs that passed their definition's {@code timeout} ({@code timed-out}), on every node that runs workers:
 * a sweep compares each unfinished run's {@code deadline_at} with the database's {@code now()}. Like a cancel, it
 * removes the run's job (a worker's late finish is then fenced out), gives back its concurrency slot and interrupts
 * a step running for it anywhere.
 */
@Component
public class RunDeadlines {

    private static final Logger log = LoggerFactory.getLogger(RunDeadlines.class);
    private static final int BATCH = 500;

    private final RunRepository runs;
    private final JobQueue queue;
    private final ConcurrencySlots slots;
    private final QueueSignals signals;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;
    private final Worker worker;
    private final EngineMetrics metrics;
    private final RunWaiters waiters;
    private final EngineSettings settings;
    private final Clock clock;

    RunDeadlines(
            RunRepository runs,
            JobQueue queue,
            ConcurrencySlots slots,
            QueueSignals signals,
            ApplicationEventPublisher events,
            TransactionTemplate tx,
            Worker worker,
            EngineMetrics metrics,
            RunWaiters waiters,
            EngineSettings settings,
            Clock clock) {
        this.runs = runs;
        this.queue = queue;
        this.slots = slots;
        this.signals = signals;
        this.events = events;
        this.tx = tx;
        this.worker = worker;
        this.metrics = metrics;
        this.waiters = waiters;
        this.settings = settings;
        this.clock = clock;
    }

    @Scheduled(
            initialDelayString = "${levqor.engine.deadline-sweep-interval:PT5S}",
            fixedDelayString = "${levqor.engine.deadline-sweep-interval:PT5S}")
    void scheduledSweep() {
        if (settings.workers() <= 0) {
            return;
        }
        try {
            sweep();
        } catch (RuntimeException e) {
            log.warn("failing runs past their deadline failed; the next sweep tries again", e);
        }
    }

    /** Fails every run past its deadline now; answers how many. */
    public int sweep() {
        int total = 0;
        List<TimedOut> batch;
        do {
            // A worker's finish may hold the job's row a moment: give way and try again, as the finishes do.
            batch = LockRetry.run(() -> tx.execute(status -> {
                signals.shortLockWaits();
                List<TimedOut> timedOut = runs.failPastDeadline(clock.instant(), BATCH);
                for (TimedOut run : timedOut) {
                    queue.deleteForRun(run.tenant(), run.id());
                    if (run.holdsSlot()) {
                        slots.release(run.tenant(), run.workflowId());
                    }
                    signals.notifyCancelled(run.id());
                    events.publishEvent(new RunFailed(run.tenant(), run.id(), run.workflowId(), run.error()));
                }
                return timedOut;
            }));
            if (batch == null) {
                return total;
            }
            for (TimedOut run : batch) {
                worker.abandon(run.id());
                metrics.run(RunStatus.FAILED);
                waiters.ended(run.id(), new RunRepository.StatusAndOutput(RunStatus.FAILED, null));
            }
            total += batch.size();
        } while (batch.size() == BATCH);
        return total;
    }
}
