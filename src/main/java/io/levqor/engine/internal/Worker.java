package io.levqor.engine.internal;

import io.levqor.engine.RunStatus;
import io.levqor.engine.jdbc.ClaimedJob;
import io.levqor.engine.jdbc.JobQueue;
import io.levqor.engine.jdbc.QueueSignals;
import io.levqor.engine.jdbc.RunRepository;
import io.levqor.engine.jdbc.RunRow;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * This node's workers: one loop claims due jobs in batches while it has free capacity, each job runs on its
 * own virtual thread, and one writer commits their finishes in batches. A heartbeat renews the leases of what
 * runs; a reaper returns jobs whose lease expired anywhere (their node died).
 */
@Component
public class Worker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Worker.class);

    private final JobQueue queue;
    private final QueueSignals signals;
    private final StepExecutor executor;
    private final FinishWriter writer;
    private final TransactionTemplate tx;
    private final EngineSettings settings;
    private final EngineMetrics metrics;
    private final RunWaiters waiters;
    private final Notifier notifier;
    private final Clock clock;
    private final String id;

    private final Semaphore capacity;
    private final Semaphore wakeups = new Semaphore(0);
    private final Map<Long, InFlight> inFlight = new ConcurrentHashMap<>();
    private final LinkedBlockingQueue<Pending> finishes = new LinkedBlockingQueue<>();
    private final List<Thread> loops = new ArrayList<>();
    private volatile boolean running;
    private ExecutorService jobs = Executors.newVirtualThreadPerTaskExecutor();

    Worker(
            JobQueue queue,
            QueueSignals signals,
            StepExecutor executor,
            FinishWriter writer,
            TransactionTemplate tx,
            EngineSettings settings,
            EngineMetrics metrics,
            RunWaiters waiters,
            Notifier notifier,
            Clock clock) {
        this.queue = queue;
        this.signals = signals;
        this.executor = executor;
        this.writer = writer;
        this.tx = tx;
        this.settings = settings;
        this.metrics = metrics;
        this.waiters = waiters;
        this.notifier = notifier;
        this.clock = clock;
        this.capacity = new Semaphore(Math.max(1, settings.workers()));
        this.id = ManagementFactory.getRuntimeMXBean().getName() + "-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffL);
    }

    /** A running job and the thread that runs it (interrupted when the run is cancelled or the lease lost). */
    private record InFlight(ClaimedJob job, Thread thread) {}

    /** A finish waiting for the writer. */
    private record Pending(Finish finish, CompletableFuture<FinishWriter.Result> done) {}

    public String id() {
        return id;
    }

    @Override
    public synchronized void start() {
        if (running || settings.workers() <= 0) {
            return;
        }
        running = true;
        if (jobs.isShutdown()) {
            jobs = Executors.newVirtualThreadPerTaskExecutor();
        }
        loops.add(Thread.ofPlatform().daemon().name("levqor-claim").start(this::claimLoop));
        loops.add(Thread.ofPlatform().daemon().name("levqor-finish").start(this::finishLoop));
        loops.add(Thread.ofVirtual().name("levqor-heartbeat").start(this::heartbeatLoop));
        loops.add(Thread.ofVirtual().name("levqor-reaper").start(this::reapLoop));
    }

    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        wake();
        jobs.shutdown();
        try {
            if (!jobs.awaitTermination(10, TimeUnit.SECONDS)) {
                jobs.shutdownNow();
            }
            // Let the writer commit what the last jobs produced before it stops.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!finishes.isEmpty() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
                Thread.sleep(5);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        loops.forEach(Thread::interrupt);
        for (Thread loop : loops) {
            try {
                loop.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        loops.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops after the web server (so accepted requests find workers) and before the database goes. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 2048;
    }

    /** A hint that jobs may be due (NOTIFY from any node, or a local enqueue). */
    public void wake() {
        if (wakeups.availablePermits() == 0) {
            wakeups.release();
        }
    }

    /** Abandons the run's step if it runs on this node: its thread is interrupted and its result discarded. */
    public void abandon(UUID runId) {
        inFlight.values().stream()
                .filter(f -> f.job().runId().equals(runId))
                .forEach(f -> f.thread().interrupt());
    }

    private void claimLoop() {
        while (running) {
            try {
                capacity.acquire();
                int free = 1 + capacity.drainPermits();
                List<JobQueue.ClaimedRun> claimed;
                try {
                    claimed = queue.claimRuns(id, settings.lease(), Math.min(free, settings.batchSize()));
                } catch (RuntimeException e) {
                    capacity.release(free);
                    throw e;
                }
                capacity.release(free - claimed.size());
                claimed.forEach(this::dispatch);
                if (claimed.isEmpty()) {
                    awaitWake(settings.pollInterval());
                }
            } catch (InterruptedException e) {
                if (!running) {
                    return;
                }
            } catch (RuntimeException e) {
                log.warn("claiming jobs failed; trying again shortly", e);
                sleepQuietly(settings.pollInterval());
            }
        }
    }

    private void dispatch(JobQueue.ClaimedRun claimed) {
        try {
            jobs.execute(() -> process(claimed.job(), claimed.run()));
        } catch (RuntimeException rejected) {
            // Shutting down: the lease expires and another node takes the job.
            capacity.release();
        }
    }

    private void process(ClaimedJob claimed, @Nullable RunRow loaded) {
        ClaimedJob job = claimed;
        RunRow run = loaded;
        inFlight.put(job.id(), new InFlight(job, Thread.currentThread()));
        boolean handedToWriter = false;
        try {
            Finish finish = executor.execute(job, run);
            // The next step is due now: keep the lease and go on once this much is durable, rather than handing
            // the job back to the queue and claiming it again. Bounded, so long runs still take turns.
            for (int advanced = 0;
                    finish instanceof Finish.Continue next
                            && run != null
                            && goesOnInPlace(job, next)
                            && advanced < settings.stepsPerClaim()
                            && running;
                    advanced++) {
                if (!advance(new Finish.Advance(job, next.attempts(), next.stepIndex(), next.outputs()))) {
                    return;
                }
                job = job.advancedTo(next.stepIndex());
                run = run.advancedTo(next.stepIndex(), next.outputs());
                inFlight.put(job.id(), new InFlight(job, Thread.currentThread()));
                finish = executor.execute(job, run);
            }
            if (Thread.interrupted()) {
                return;
            }
            var pending = new Pending(finish, new CompletableFuture<>());
            finishes.add(pending);
            handedToWriter = true;
        } catch (StepExecutor.Abandoned e) {
            log.debug("job {} of run {} abandoned", job.id(), job.runId());
        } catch (RuntimeException e) {
            // The job stays leased to us until the lease runs out; then it is tried again.
            log.warn("job {} of run {} failed unexpectedly", job.id(), job.runId(), e);
        } finally {
            if (!handedToWriter) {
                inFlight.remove(job.id());
                capacity.release();
            }
        }
    }

    private static boolean goesOnInPlace(ClaimedJob job, Finish.Continue next) {
        return next.runAt() == null
                && next.delay().isZero()
                && next.attempt() == 0
                && next.stepIndex() > job.stepIndex();
    }

    /** Writes the in-place advance and waits for it; false when the lease was lost or the wait given up. */
    private boolean advance(Finish.Advance advance) {
        if (Thread.currentThread().isInterrupted()) {
            return false;
        }
        var pending = new Pending(advance, new CompletableFuture<>());
        finishes.add(pending);
        try {
            return pending.done()
                    .get(settings.lease().toMillis(), TimeUnit.MILLISECONDS)
                    .written();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            // Written or not, the lease runs out without our heartbeat and the job runs again from what is stored.
            return false;
        }
    }

    private void finishLoop() {
        List<Pending> batch = new ArrayList<>();
        while (running || !finishes.isEmpty()) {
            try {
                Pending first = finishes.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                // Everything waiting: each job has at most one finish pending, so this is bounded by the workers,
                // and one batch costs the same handful of statements and one commit whatever its size. Capping it at
                // the claim's batch size left jobs waiting for a second commit while the first one's fsync ran.
                finishes.drainTo(batch, Math.max(settings.batchSize(), settings.workers()) - 1);
                writeAll(batch);
            } catch (InterruptedException e) {
                if (!running && finishes.isEmpty()) {
                    return;
                }
            } finally {
                batch.clear();
            }
        }
    }

    private void writeAll(List<Pending> batch) {
        List<FinishWriter.Result> results;
        try {
            results = LockRetry.run(() -> tx.execute(status -> {
                signals.shortLockWaits();
                List<FinishWriter.Result> written =
                        writer.writeAll(batch.stream().map(Pending::finish).toList());
                boolean due = false;
                for (int i = 0; i < batch.size(); i++) {
                    due |= written.get(i).written()
                            && batch.get(i).finish() instanceof Finish.Continue c
                            && c.runAt() == null;
                }
                if (due) {
                    notifier.jobsDue();
                }
                return written;
            }));
        } catch (RuntimeException e) {
            if (batch.size() > 1) {
                // One bad finish must not sink the others: write them one by one.
                for (Pending pending : batch) {
                    writeAll(List.of(pending));
                }
                return;
            }
            log.warn(
                    "finishing job {} failed; its lease will expire and it runs again",
                    batch.get(0).finish().job().id(),
                    e);
            settle(batch.get(0), FinishWriter.Result.DISCARDED);
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            settle(batch.get(i), results.get(i));
        }
        wake();
    }

    private void settle(Pending pending, FinishWriter.Result result) {
        if (pending.finish() instanceof Finish.Advance) {
            // The job's thread goes on, or gives the job up itself.
            pending.done().complete(result);
            return;
        }
        ClaimedJob job = pending.finish().job();
        inFlight.remove(job.id());
        capacity.release();
        if (result.written() && result.finalStatus() != RunStatus.RUNNING) {
            metrics.run(result.finalStatus());
            metrics.runLatency(Duration.between(job.enqueuedAt(), clock.instant()));
            String output = pending.finish() instanceof Finish.Complete c ? c.output() : null;
            waiters.ended(job.runId(), new RunRepository.StatusAndOutput(result.finalStatus(), output));
        }
        pending.done().complete(result);
    }

    private void heartbeatLoop() {
        while (running) {
            try {
                Thread.sleep(settings.heartbeat());
                renewLeases();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("renewing leases failed", e);
            }
        }
    }

    private void renewLeases() {
        var held = List.copyOf(inFlight.keySet());
        var renewed = queue.renew(id, held, settings.lease());
        for (Long jobId : held) {
            InFlight lost = renewed.contains(jobId) ? null : inFlight.get(jobId);
            if (lost != null) {
                // Reaped or cancelled: someone else may run it now, so stop; the fence would discard our finish.
                lost.thread().interrupt();
            }
        }
    }

    private void reapLoop() {
        while (running) {
            try {
                Thread.sleep(settings.reapInterval());
                if (queue.releaseExpiredLeases(1_000) > 0) {
                    wake();
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("returning expired leases failed", e);
            }
        }
    }

    private void awaitWake(Duration timeout) throws InterruptedException {
        if (wakeups.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            wakeups.drainPermits();
        }
    }

    private static void sleepQuietly(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
