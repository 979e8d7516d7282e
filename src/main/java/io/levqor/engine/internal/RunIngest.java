package io.levqor.engine.internal;

import io.levqor.billing.RunAdmission;
import io.levqor.engine.RunStatus;
import io.levqor.engine.jdbc.JobQueue;
import io.levqor.engine.jdbc.NewRun;
import io.levqor.engine.jdbc.QueueSignals;
import io.levqor.engine.jdbc.RunRepository;
import io.levqor.engine.jdbc.RunRow;
import io.levqor.shared.DatabaseAvailability;
import io.levqor.shared.DatabaseUnavailable;
import io.levqor.shared.ProblemException;
import io.levqor.shared.WorkspaceId;
import io.levqor.workflow.WorkflowVersion;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Creates runs with group commit: requests that arrive while a transaction commits wait for the next one and
 * share it, so a burst of webhooks costs a few commits, not one each. A request's future completes only once
 * its run (and its first job) is durably stored. Admission runs inside that transaction for every run.
 *
 * <p>A run whose steps are all pure runs on the caller's thread first and is stored already ended, with its
 * attempts and no job: nothing it did can have touched the world, so if it is not stored (refused, or the node
 * died) it simply never happened.
 */
@Component
public class RunIngest implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RunIngest.class);

    private final RunRepository runs;
    private final JobQueue queue;
    private final QueueSignals signals;
    private final RunAdmission admission;
    private final TransactionTemplate tx;
    private final Json json;
    private final Clock clock;
    private final Notifier notifier;
    private final Worker worker;
    private final StepExecutor executor;
    private final FinishWriter writer;
    private final EngineMetrics metrics;
    private final RunWaiters waiters;
    private final DatabaseAvailability database;
    private final boolean eager;
    private final int batchSize;
    private final LinkedBlockingQueue<Pending> pending = new LinkedBlockingQueue<>();
    private volatile boolean running;
    private volatile @Nullable Thread flusher;

    RunIngest(
            RunRepository runs,
            JobQueue queue,
            QueueSignals signals,
            RunAdmission admission,
            TransactionTemplate tx,
            Json json,
            Clock clock,
            Notifier notifier,
            Worker worker,
            StepExecutor executor,
            FinishWriter writer,
            EngineMetrics metrics,
            RunWaiters waiters,
            EngineSettings settings,
            DatabaseAvailability database) {
        this.database = database;
        this.runs = runs;
        this.queue = queue;
        this.signals = signals;
        this.admission = admission;
        this.tx = tx;
        this.json = json;
        this.clock = clock;
        this.notifier = notifier;
        this.worker = worker;
        this.executor = executor;
        this.writer = writer;
        this.metrics = metrics;
        this.waiters = waiters;
        this.eager = settings.eagerRuns();
        this.batchSize = Math.max(1, settings.ingestBatchSize());
    }

    /**
     * A run to create of the version it pins; {@code trigger} is what expressions see as {@code trigger}, and
     * {@code parentRunId} the run whose {@code workflow} step starts this one (null for any other start).
     */
    public record Start(
            WorkflowVersion workflow,
            UUID runId,
            String triggerType,
            Map<String, @Nullable Object> trigger,
            @Nullable String idempotencyKey,
            @Nullable UUID parentRunId) {

        /** A run that is no one's child: the API's, a webhook's, a schedule's, a retry's, an error workflow's. */
        public Start(
                WorkflowVersion workflow,
                UUID runId,
                String triggerType,
                Map<String, @Nullable Object> trigger,
                @Nullable String idempotencyKey) {
            this(workflow, runId, triggerType, trigger, idempotencyKey, null);
        }

        WorkspaceId tenant() {
            return workflow.workspace();
        }

        /** Whether the workflow caps how many of its runs run at once. */
        boolean capped() {
            return workflow.definition().concurrency() != null;
        }
    }

    /** The stored run: a new one, or the one an earlier request with the same idempotency key created. */
    public record Started(UUID runId, RunStatus status, boolean created) {}

    /** A run waiting for the next group commit: its trigger as JSON and, if it ran already, how it ended. */
    private record Pending(
            Start start,
            String trigger,
            Instant received,
            @Nullable Ran ran,
            CompletableFuture<Started> done) {}

    /** A run that ran to its end on the caller's thread. */
    private record Ran(Finish.Complete end, Instant finishedAt) {}

    /** Queues the run for the next group commit; the future fails with the admission's problem if refused. */
    public CompletableFuture<Started> submit(Start start) {
        var request = prepare(start);
        if (!running) {
            // Not started (or shutting down): commit this one on the caller's thread.
            flush(List.of(request));
            return request.done();
        }
        pending.add(request);
        return request.done();
    }

    /** Creates the run now, in a transaction of its own. */
    public Started startNow(Start start) {
        var request = prepare(start);
        flush(List.of(request));
        return request.done().join();
    }

    private Pending prepare(Start start) {
        String trigger = json.write(start.trigger());
        Instant received = clock.instant();
        return new Pending(start, trigger, received, runEagerly(start, trigger, received), new CompletableFuture<>());
    }

    /** Runs the run now if its steps are all pure and this node runs workflows at all; null if it must queue. */
    private @Nullable Ran runEagerly(Start start, String trigger, Instant received) {
        if (!eager || start.capped() || !worker.isRunning()) {
            return null;
        }
        var run = new RunRow(
                start.tenant(),
                start.runId(),
                start.workflow().workflow().value(),
                start.workflow().version(),
                RunStatus.RUNNING,
                start.triggerType(),
                trigger,
                0,
                "{}",
                null,
                null,
                0,
                false,
                received,
                null);
        return executor.executeEagerly(run, start.workflow().definition())
                .map(end -> new Ran(end, clock.instant()))
                .orElse(null);
    }

    private void flushLoop() {
        List<Pending> batch = new ArrayList<>();
        while (running || !pending.isEmpty()) {
            try {
                Pending first = pending.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                pending.drainTo(batch, batchSize - 1);
                flush(batch);
            } catch (InterruptedException e) {
                if (!running) {
                    break;
                }
            } finally {
                batch.clear();
            }
        }
    }

    private void flush(List<Pending> batch) {
        if (!database.available()) {
            // Fail the batch at once: each request would otherwise wait out the pool's timeout for a connection.
            failAll(batch, new DatabaseUnavailable());
            return;
        }
        try {
            List<Started> started = LockRetry.run(() -> tx.execute(status -> insertAll(batch)));
            boolean queued = false;
            for (int i = 0; i < batch.size(); i++) {
                Pending request = batch.get(i);
                Ran ran = request.ran();
                if (ran != null && started.get(i).created()) {
                    ended(request, ran);
                } else {
                    queued = true;
                }
                request.done().complete(started.get(i));
            }
            if (queued) {
                worker.wake();
            }
        } catch (RuntimeException e) {
            if (DatabaseUnavailable.isCauseOf(e)) {
                // No database: retrying the requests one by one would only wait again for each of them.
                database.suspect();
                log.warn("storing {} runs failed: the database is unavailable ({})", batch.size(), e.getMessage());
                failAll(batch, new DatabaseUnavailable());
                return;
            }
            if (batch.size() > 1) {
                // A refused admission (or a bad request) must not sink the others: one transaction each.
                batch.forEach(one -> flush(List.of(one)));
                return;
            }
            if (!(e instanceof ProblemException)) {
                log.warn("storing run {} failed", batch.get(0).start().runId(), e);
            }
            batch.get(0).done().completeExceptionally(e);
        }
    }

    private static void failAll(List<Pending> batch, RuntimeException error) {
        batch.forEach(request -> request.done().completeExceptionally(error));
    }

    /** After the commit: what the writer does for a run a worker finished. */
    private void ended(Pending request, Ran ran) {
        Finish.Complete end = ran.end();
        metrics.run(end.status());
        metrics.runLatency(Duration.between(request.received(), ran.finishedAt()));
        waiters.ended(request.start().runId(), new RunRepository.StatusAndOutput(end.status(), end.output()));
    }

    private List<Started> insertAll(List<Pending> batch) {
        signals.shortLockWaits();
        // Only queued runs take a place in their workspace's turn.
        Map<WorkspaceId, Integer> perTenant = new HashMap<>();
        batch.stream()
                .filter(p -> p.ran() == null)
                .forEach(p -> perTenant.merge(p.start().tenant(), 1, Integer::sum));
        Map<WorkspaceId, long[]> nextSlot = new HashMap<>();
        perTenant.forEach((tenant, count) -> nextSlot.put(tenant, new long[] {queue.takeSlots(tenant, count)}));
        List<NewRun> rows = new ArrayList<>(batch.size());
        for (Pending p : batch) {
            rows.add(newRun(p, p.ran() == null ? nextSlot.get(p.start().tenant())[0]++ : 0));
        }
        Set<UUID> inserted = runs.insertAll(rows);
        List<JobQueue.NewJob> jobs = new ArrayList<>(inserted.size());
        List<RunRepository.RunAttempts> attempts = new ArrayList<>();
        List<Started> started = new ArrayList<>(batch.size());
        List<RunAdmission.Candidate> admitted = new ArrayList<>(inserted.size());
        for (NewRun run : rows) {
            if (inserted.contains(run.id())) {
                admitted.add(new RunAdmission.Candidate(run.tenant(), run.id(), run.triggerType()));
            }
        }
        admission.admitAll(admitted);
        for (int i = 0; i < batch.size(); i++) {
            NewRun run = rows.get(i);
            Ran ran = batch.get(i).ran();
            if (inserted.contains(run.id())) {
                if (ran == null) {
                    jobs.add(new JobQueue.NewJob(run.tenant(), run.id(), run.priority()));
                } else {
                    attempts.add(new RunRepository.RunAttempts(
                            run.tenant(), run.id(), ran.end().attempts()));
                    writer.publish(ran.end());
                }
                started.add(new Started(run.id(), run.status(), true));
            } else {
                var existing = runs.findByIdempotencyKey(run.tenant(), String.valueOf(run.idempotencyKey()))
                        .orElseThrow(() -> new IllegalStateException("run " + run.id() + " was not stored"));
                started.add(new Started(existing.id(), existing.status(), false));
            }
        }
        runs.recordAllAttempts(attempts);
        if (!jobs.isEmpty()) {
            queue.enqueueFirstSteps(jobs);
            notifier.jobsDue();
        }
        return started;
    }

    private NewRun newRun(Pending request, long priority) {
        Start s = request.start();
        Ran ran = request.ran();
        Finish.Complete end = ran == null ? null : ran.end();
        return new NewRun(
                s.tenant(),
                s.runId(),
                s.workflow().workflow().value(),
                s.workflow().version(),
                s.capped(),
                end == null ? RunStatus.QUEUED : end.status(),
                s.triggerType(),
                request.trigger(),
                s.idempotencyKey(),
                null,
                priority,
                request.received(),
                end == null ? null : end.error(),
                end == null
                        ? null
                        : new NewRun.Ended(
                                end.stepIndex(), end.outputs(), end.output(), request.received(), ran.finishedAt()),
                s.workflow().definition().timeout(),
                s.parentRunId());
    }

    @Override
    public void start() {
        running = true;
        flusher = Thread.ofPlatform().daemon().name("levqor-ingest").start(this::flushLoop);
    }

    @Override
    public void stop() {
        running = false;
        Thread current = flusher;
        if (current != null) {
            try {
                current.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops after the web server, so requests it accepted are committed. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1024;
    }
}
