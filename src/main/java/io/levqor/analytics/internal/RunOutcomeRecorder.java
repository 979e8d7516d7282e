package io.levqor.analytics.internal;

import io.levqor.analytics.ProductEvent;
import io.levqor.analytics.ProductEvents;
import io.levqor.engine.RunFailed;
import io.levqor.engine.RunSucceeded;
import io.levqor.shared.WorkspaceId;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Records {@code run_succeeded} and {@code run_failed} in batches. A durable listener ({@code @ApplicationModuleListener})
 * would write an event publication, a key and an event per run — three writes on the engine's hottest path, for
 * numbers that only feed funnels and counts. Instead the run's end is heard in its own transaction, queued in memory
 * once that transaction commits, and written with one statement a second. The price, written in docs/analytics.md: a
 * node that dies loses at most the last second's run outcomes, and a full queue drops (and counts) the overflow rather
 * than slow the engine.
 */
@Component
public class RunOutcomeRecorder {

    private static final Logger log = LoggerFactory.getLogger(RunOutcomeRecorder.class);
    private static final int CAPACITY = 100_000;
    private static final int BATCH = 5_000;

    private final ProductEvents events;
    private final Clock clock;
    private final BlockingQueue<ProductEvent> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final AtomicLong dropped = new AtomicLong();

    RunOutcomeRecorder(ProductEvents events, Clock clock) {
        this.events = events;
        this.clock = clock;
    }

    @EventListener
    void on(RunSucceeded event) {
        enqueue("run_succeeded", event.workspace(), event.runId(), event.workflowId());
    }

    @EventListener
    void on(RunFailed event) {
        enqueue("run_failed", event.workspace(), event.runId(), event.workflowId());
    }

    /** Writes what is queued, in batches; returns how many events were written. */
    @Scheduled(initialDelayString = "PT1S", fixedDelayString = "PT1S")
    public int flush() {
        int written = 0;
        List<ProductEvent> batch = new ArrayList<>(BATCH);
        while (queue.drainTo(batch, BATCH) > 0) {
            try {
                written += events.recordServerBatch(batch);
            } catch (RuntimeException e) {
                // The database is away: these outcomes are lost rather than retried forever (see the class comment).
                log.warn("{} run outcomes not recorded: {}", batch.size(), e.getMessage());
            }
            batch.clear();
        }
        long lost = dropped.getAndSet(0);
        if (lost > 0) {
            log.warn("{} run outcomes dropped: the analytics queue was full", lost);
        }
        return written;
    }

    @PreDestroy
    void flushOnShutdown() {
        flush();
    }

    private void enqueue(String name, WorkspaceId workspace, UUID run, UUID workflow) {
        Map<String, @Nullable Object> properties = new LinkedHashMap<>();
        properties.put("runId", run.toString());
        properties.put("workflowId", workflow.toString());
        ProductEvent event = new ProductEvent(name, clock.instant(), workspace, null, properties);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    offer(event);
                }
            });
        } else {
            offer(event);
        }
    }

    private void offer(ProductEvent event) {
        if (!queue.offer(event)) {
            dropped.incrementAndGet();
        }
    }
}
