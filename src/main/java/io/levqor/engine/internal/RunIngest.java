package io.levqor.engine.internal;

import io.levqor.billing.RunAdmission;
import io.levqor.engine.RunStatus;
import io.levqor.engine.jdbc.JobQueue;
import io.levqor.engine.jdbc.NewRun;
import io.levqor.engine.jdbc.QueueSignals;
import io.levqor.engine.jdbc.RunRepository;
import io.levqor.shared.ProblemException;
import io.levqor.shared.WorkspaceId;
import java.time.Clock;
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
            EngineSettings settings) {
        this.runs = runs;
        this.queue = queue;
        this.signals = signals;
        this.admission = admission;
        this.tx = tx;
        this.json = json;
        this.clock = clock;
        this.notifier = notifier;
        this.worker = worker;
        this.batchSize = Math.max(1, settings.ingestBatchSize());
    }

    /** A run to create; {@code trigger} is what expressions see as {@code trigger}. */
    public record Start(
            WorkspaceId tenant,
            UUID runId,
            UUID workflowId,
            int version,
            boolean capped,
            String triggerType,
            Map<String, @Nullable Object> trigger,
            @Nullable String idempotencyKey) {}

    /** The stored run: a new one, or the one an earlier request with the same idempotency key created. */
    public record Started(UUID runId, RunStatus status, boolean created) {}

    private record Pending(Start start, CompletableFuture<Started> done) {}

    /** Queues the run for the next group commit; the future fails with the admission's problem if refused. */
    public CompletableFuture<Started> submit(Start start) {
        var request = new Pending(start, new CompletableFuture<>());
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
        var request = new Pending(start, new CompletableFuture<>());
        flush(List.of(request));
        return request.done().join();
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
        try {
            List<Started> started = LockRetry.run(() -> tx.execute(status -> insertAll(batch)));
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).done().complete(started.get(i));
            }
            worker.wake();
        } catch (RuntimeException e) {
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

    private List<Started> insertAll(List<Pending> batch) {
        signals.shortLockWaits();
        Map<WorkspaceId, Integer> perTenant = new HashMap<>();
        batch.forEach(p -> perTenant.merge(p.start().tenant(), 1, Integer::sum));
        Map<WorkspaceId, long[]> nextSlot = new HashMap<>();
        perTenant.forEach((tenant, count) -> nextSlot.put(tenant, new long[] {queue.takeSlots(tenant, count)}));
        Instant now = clock.instant();
        List<NewRun> rows = new ArrayList<>(batch.size());
        for (Pending p : batch) {
            Start s = p.start();
            long priority = nextSlot.get(s.tenant())[0]++;
            rows.add(new NewRun(
                    s.tenant(),
                    s.runId(),
                    s.workflowId(),
                    s.version(),
                    s.capped(),
                    RunStatus.QUEUED,
                    s.triggerType(),
                    json.write(s.trigger()),
                    s.idempotencyKey(),
                    null,
                    priority,
                    now,
                    null));
        }
        Set<UUID> inserted = runs.insertQueued(rows);
        List<JobQueue.NewJob> jobs = new ArrayList<>(inserted.size());
        List<Started> started = new ArrayList<>(batch.size());
        for (NewRun run : rows) {
            if (inserted.contains(run.id())) {
                admission.admit(run.tenant(), run.id(), run.triggerType());
                jobs.add(new JobQueue.NewJob(run.tenant(), run.id(), run.priority()));
                started.add(new Started(run.id(), RunStatus.QUEUED, true));
            } else {
                var existing = runs.findByIdempotencyKey(run.tenant(), String.valueOf(run.idempotencyKey()))
                        .orElseThrow(() -> new IllegalStateException("run " + run.id() + " was not stored"));
                started.add(new Started(existing.id(), existing.status(), false));
            }
        }
        queue.enqueueFirstSteps(jobs);
        notifier.jobsDue();
        return started;
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
