package io.levqor.engine.internal;

import io.levqor.engine.RunStatus;
import io.levqor.engine.jdbc.JobQueue;
import io.levqor.engine.jdbc.RunRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.stereotype.Component;

/** The engine's Prometheus metrics; queue gauges are read from the database at most once a second. */
@Component
class EngineMetrics {

    private final MeterRegistry registry;
    private final JobQueue queue;
    private final Map<String, Counter> runs = new ConcurrentHashMap<>();
    private final Map<String, Counter> steps = new ConcurrentHashMap<>();
    private final Map<String, Timer> stepDurations = new ConcurrentHashMap<>();
    private final Timer runLatency;
    private final AtomicReference<JobQueue.QueueStats> stats = new AtomicReference<>(new JobQueue.QueueStats(0, 0));
    private final AtomicLong statsReadAt = new AtomicLong(System.nanoTime() - 2_000_000_000L);

    EngineMetrics(MeterRegistry registry, JobQueue queue, RunRepository runRows) {
        this.registry = registry;
        this.queue = queue;
        // Read at each scrape: a partial index holds only the waiting runs, and scrapes are seconds apart.
        Gauge.builder("levqor_runs_waiting", runRows, EngineMetrics::waiting)
                .description("Runs waiting for a signal or a due time")
                .register(registry);
        this.runLatency = Timer.builder("levqor_run_latency")
                .description("From a run's creation to its final status")
                .publishPercentileHistogram()
                .register(registry);
        Gauge.builder("levqor_queue_depth", this, m -> m.queueStats().depth())
                .description("Due jobs waiting for a worker")
                .register(registry);
        Gauge.builder(
                        "levqor_queue_oldest_age_seconds",
                        this,
                        m -> m.queueStats().oldestAgeSeconds())
                .description("How long the oldest due job has waited")
                .register(registry);
    }

    void run(RunStatus status) {
        runs.computeIfAbsent(
                        status.apiName(),
                        s -> Counter.builder("levqor_runs")
                                .description("Runs that reached a status")
                                .tag("status", s)
                                .register(registry))
                .increment();
    }

    void runLatency(Duration latency) {
        if (!latency.isNegative()) {
            runLatency.record(latency);
        }
    }

    void step(String type, String outcome, Duration took) {
        steps.computeIfAbsent(
                        type + '\0' + outcome,
                        k -> Counter.builder("levqor_steps")
                                .description("Step attempts by type and outcome")
                                .tag("type", type)
                                .tag("outcome", outcome)
                                .register(registry))
                .increment();
        stepDurations
                .computeIfAbsent(
                        type,
                        t -> Timer.builder("levqor_step_duration")
                                .description("How long step attempts take")
                                .tag("type", t)
                                .publishPercentileHistogram()
                                .register(registry))
                .record(took);
    }

    private static double waiting(RunRepository runRows) {
        try {
            return runRows.countWaiting();
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    /** The queue's depth and oldest age, read from the database at most once a second and shared by every reader. */
    JobQueue.QueueStats queueStats() {
        long now = System.nanoTime();
        long readAt = statsReadAt.get();
        if (now - readAt > 1_000_000_000L && statsReadAt.compareAndSet(readAt, now)) {
            try {
                stats.set(queue.stats());
            } catch (RuntimeException e) {
                // The gauge keeps its last value while the database is unreachable.
            }
        }
        return stats.get();
    }
}
