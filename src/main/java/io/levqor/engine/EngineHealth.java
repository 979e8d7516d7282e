package io.levqor.engine;

import io.levqor.engine.jdbc.JobQueue;
import io.levqor.engine.jdbc.ScheduleRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.stereotype.Service;

/**
 * The engine's liveness as the platform operator's status page reads it: how long the oldest due job has waited for a
 * worker, and how late the most overdue cron schedule is. Cross-workspace reads: callers show no workspace's data.
 */
@Service
public class EngineHealth {

    /**
     * One reading, cluster-wide (from the database, not this node's memory).
     *
     * @param queueDepth due jobs waiting for a worker
     * @param queueOldestAge how long the oldest of them has waited (zero when none waits)
     * @param scheduleLag how far past its fire time the most overdue schedule is (zero when none is overdue)
     */
    public record Reading(long queueDepth, Duration queueOldestAge, Duration scheduleLag) {}

    private final JobQueue queue;
    private final ScheduleRepository schedules;
    private final Clock clock;

    EngineHealth(JobQueue queue, ScheduleRepository schedules, Clock clock) {
        this.queue = queue;
        this.schedules = schedules;
        this.clock = clock;
    }

    /** Reads both now; throws what the database throws when it cannot be reached. */
    public Reading read() {
        JobQueue.QueueStats stats = queue.stats();
        // The scheduler fires on the application clock (Scheduler.fireDue(clock.instant())): measure lag on it too.
        Instant now = clock.instant();
        Duration lag = schedules
                .earliestFireForOperator()
                .map(due -> due.isBefore(now) ? Duration.between(due, now) : Duration.ZERO)
                .orElse(Duration.ZERO);
        long oldestMillis = Math.max(0, Math.round(stats.oldestAgeSeconds() * 1000));
        return new Reading(stats.depth(), Duration.ofMillis(oldestMillis), lag);
    }
}
