package io.levqor.engine.internal;

import io.levqor.engine.jdbc.AttemptRow;
import io.levqor.engine.jdbc.LoopItems;
import io.levqor.engine.jdbc.RunRepository;
import io.levqor.shared.WorkspaceId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs the items of one {@code forEach} inside the job that reached it: up to {@code concurrency} items at once,
 * each on its own virtual thread, while this thread (the job's) hands out items, collects their results in item
 * order and writes the finished ones durably in batches ({@code loop_item} plus the items' attempts, one
 * transaction per batch, at most one batch in flight). Items already stored by an earlier, interrupted try of the
 * same loop are not run again.
 *
 * <p>The job's thread is the one the worker interrupts (cancel, lost lease): it then interrupts every item and
 * gives the job up ({@link StepExecutor.Abandoned}); what was written stays, and the next try goes on from there.
 */
@Component
class LoopRunner {

    private final LoopItems store;
    private final RunRepository runs;
    private final TransactionTemplate tx;
    private final LoopSettings settings;
    private final Json json;

    LoopRunner(LoopItems store, RunRepository runs, TransactionTemplate tx, LoopSettings settings, Json json) {
        this.store = store;
        this.runs = runs;
        this.tx = tx;
        this.settings = settings;
        this.json = json;
    }

    /**
     * How one item ended.
     *
     * @param output its last output, or {@code {error}} when it failed
     * @param outputJson {@code output} as JSON (written by the item's own thread, off the loop's)
     * @param attempts the attempts of its steps, their paths naming the item ({@code each[17].call})
     * @param implied the item's one attempt when its {@code loop_item} row stands for it instead (not in
     *     {@code attempts}: see {@code StepExecutor#implied})
     */
    record ItemResult(
            boolean failed,
            @Nullable Object output,
            @Nullable String outputJson,
            @Nullable String error,
            List<AttemptRow> attempts,
            @Nullable AttemptRow implied) {

        ItemResult(
                boolean failed,
                @Nullable Object output,
                @Nullable String outputJson,
                @Nullable String error,
                List<AttemptRow> attempts) {
            this(failed, output, outputJson, error, attempts, null);
        }
    }

    /** Runs one item's steps on the calling (item) thread. */
    @FunctionalInterface
    interface Body {
        ItemResult run(int index, @Nullable Object item);
    }

    /** How the loop ended. */
    sealed interface Outcome {
        /** Every item ended: their outputs in item order, and which failed (under {@code continue}). */
        record Done(List<@Nullable Object> outputs, List<Integer> failed) implements Outcome {}

        /** The loop failed: an item under {@code fail} (its index), or a limit (index -1). */
        record Failed(int index, String error) implements Outcome {}
    }

    int maxItems() {
        return settings.maxItems();
    }

    private record Finished(
            int index,
            @Nullable ItemResult result,
            @Nullable RuntimeException thrown) {}

    Outcome run(
            WorkspaceId tenant,
            UUID runId,
            String loopPath,
            List<?> values,
            int concurrency,
            boolean continueOnItemError,
            Body body) {
        int n = values.size();
        @Nullable Object[] outputs = new Object[n];
        boolean[] done = new boolean[n];
        List<Integer> failed = new ArrayList<>();
        int remaining = n;
        for (LoopItems.Item stored : store.load(tenant, runId, loopPath).values()) {
            if (stored.index() < n && !done[stored.index()]) {
                done[stored.index()] = true;
                outputs[stored.index()] = json.read(stored.output());
                if (stored.failed()) {
                    failed.add(stored.index());
                }
                remaining--;
            }
        }
        long state = n > 0 ? store.storedBytes(tenant, runId) : 0;
        long maxState = settings.maxRunState().toBytes();
        var writer = new Writer(tenant, runId, loopPath);
        var finished = new LinkedBlockingQueue<Finished>();
        var permits = new Semaphore(concurrency);
        long interval = settings.flushInterval().toNanos();
        int next = 0;
        ExecutorService items = Executors.newVirtualThreadPerTaskExecutor();
        try {
            while (remaining > 0) {
                while (next < n && (done[next] || permits.tryAcquire())) {
                    if (!done[next]) {
                        int index = next;
                        Object item = values.get(index);
                        items.execute(() -> {
                            Finished end;
                            try {
                                end = new Finished(index, body.run(index, item), null);
                            } catch (RuntimeException e) {
                                end = new Finished(index, null, e);
                            }
                            finished.add(end);
                            permits.release();
                        });
                    }
                    next++;
                }
                Finished end = finished.poll(interval, TimeUnit.NANOSECONDS);
                List<Finished> ends = new ArrayList<>();
                if (end != null) {
                    ends.add(end);
                    finished.drainTo(ends);
                }
                for (Finished one : ends) {
                    remaining--;
                    if (one.thrown() instanceof StepExecutor.Abandoned abandoned) {
                        throw abandoned;
                    }
                    ItemResult result = one.result() != null
                            ? one.result()
                            : failure(String.valueOf(java.util.Objects.requireNonNull(one.thrown())
                                    .getMessage()));
                    if (result.failed() && !continueOnItemError) {
                        items.shutdownNow();
                        writer.add(null, result.attempts());
                        writer.finish();
                        return new Outcome.Failed(one.index(), String.valueOf(result.error()));
                    }
                    outputs[one.index()] = result.output();
                    if (result.failed()) {
                        failed.add(one.index());
                    }
                    String stored = result.outputJson();
                    state += stored == null ? 0 : stored.length();
                    AttemptRow implied = result.implied();
                    writer.add(
                            implied == null
                                    ? new LoopItems.Item(one.index(), result.failed(), stored)
                                    : new LoopItems.Item(
                                            one.index(),
                                            false,
                                            stored,
                                            implied.stepId(),
                                            implied.stepType(),
                                            implied.startedAt(),
                                            implied.finishedAt()),
                            result.attempts());
                    if (state > maxState) {
                        items.shutdownNow();
                        writer.finish();
                        return new Outcome.Failed(
                                -1,
                                "the run's loops hold more than " + maxState
                                        + " bytes of item outputs (levqor.engine.loops.max-run-state)");
                    }
                }
                writer.maybeFlush(interval);
            }
            writer.finish();
        } catch (InterruptedException e) {
            items.shutdownNow();
            throw new StepExecutor.Abandoned();
        } catch (RuntimeException e) {
            items.shutdownNow();
            throw e;
        } finally {
            items.shutdown();
            writer.thread.shutdown();
        }
        failed.sort(null);
        return new Outcome.Done(Arrays.asList(outputs), List.copyOf(failed));
    }

    /** A failed item's result, as {@code onItemError: continue} keeps it. */
    ItemResult failure(String error) {
        return failure(error, List.of());
    }

    ItemResult failure(String error, List<AttemptRow> attempts) {
        Map<String, @Nullable Object> message = new LinkedHashMap<>();
        message.put("message", error);
        Map<String, @Nullable Object> output = new LinkedHashMap<>();
        output.put("error", message);
        return new ItemResult(true, output, json.write(output), error, attempts);
    }

    /** Collects finished items and writes them in batches, one batch in flight at a time, off the loop's thread. */
    private final class Writer {
        private final WorkspaceId tenant;
        private final UUID runId;
        private final String loopPath;
        private List<LoopItems.Item> pending = new ArrayList<>();
        private List<AttemptRow> attempts = new ArrayList<>();
        private @Nullable Future<?> writing;
        private long last = System.nanoTime();
        private final ExecutorService thread = Executors.newVirtualThreadPerTaskExecutor();

        Writer(WorkspaceId tenant, UUID runId, String loopPath) {
            this.tenant = tenant;
            this.runId = runId;
            this.loopPath = loopPath;
        }

        void add(LoopItems.@Nullable Item item, List<AttemptRow> itemAttempts) {
            if (item != null) {
                pending.add(item);
            }
            attempts.addAll(itemAttempts);
        }

        void maybeFlush(long interval) throws InterruptedException {
            if (pending.isEmpty() && attempts.isEmpty()) {
                return;
            }
            boolean due = pending.size() >= settings.flushBatch() || System.nanoTime() - last >= interval;
            if (!due) {
                return;
            }
            if (writing != null) {
                if (!writing.isDone() && pending.size() < 4 * settings.flushBatch()) {
                    return;
                }
                await();
            }
            List<LoopItems.Item> items = pending;
            List<AttemptRow> rows = attempts;
            pending = new ArrayList<>();
            attempts = new ArrayList<>();
            last = System.nanoTime();
            writing = thread.submit(() -> write(items, rows));
        }

        /** Waits for the batch in flight and writes the rest. */
        void finish() throws InterruptedException {
            try {
                await();
                write(pending, attempts);
                pending = new ArrayList<>();
                attempts = new ArrayList<>();
            } finally {
                thread.shutdown();
            }
        }

        private void await() throws InterruptedException {
            if (writing == null) {
                return;
            }
            try {
                writing.get();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(e);
            } finally {
                writing = null;
            }
        }

        private void write(List<LoopItems.Item> items, List<AttemptRow> rows) {
            if (items.isEmpty() && rows.isEmpty()) {
                return;
            }
            LockRetry.run(() -> tx.execute(status -> {
                store.save(tenant, runId, loopPath, items);
                runs.recordAllAttempts(List.of(new RunRepository.RunAttempts(tenant, runId, rows)));
                return null;
            }));
        }
    }
}
