package io.levqor.engine;

import io.levqor.engine.internal.QueueDepthSampler;
import io.levqor.engine.jdbc.RunReports;
import io.levqor.shared.WorkspaceId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * The engine's cross-workspace reads for the platform operator's overview: throughput, queue depth, failures. Nothing
 * a workspace member can reach may call these; the caller checks that the user is the operator.
 */
@Service
public class OperatorRuns {

    /** Runs created in one minute (all workspaces) and how many of them failed. */
    public record Minute(Instant at, long runs, long failed) {

        public double runsPerSecond() {
            return runs / 60.0;
        }
    }

    /** Due jobs waiting for a worker at one moment, as this node sampled it. */
    public record QueueDepth(Instant at, long depth) {}

    /** A failed run and its workspace. */
    public record FailedRun(
            WorkspaceId workspace,
            UUID id,
            UUID workflowId,
            @Nullable String error,
            Instant createdAt,
            @Nullable Instant finishedAt) {}

    private final RunReports reports;
    private final QueueDepthSampler sampler;
    private final Clock clock;

    OperatorRuns(RunReports reports, QueueDepthSampler sampler, Clock clock) {
        this.reports = reports;
        this.sampler = sampler;
        this.clock = clock;
    }

    /** One entry per minute of the last {@code window} up to this minute, zero where no run was created. */
    public List<Minute> runsPerMinute(Duration window) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MINUTES);
        long minutes = Math.max(1, Math.min(window.toMinutes(), 24 * 60));
        Instant first = now.minus(Duration.ofMinutes(minutes - 1));
        Map<Instant, RunReports.MinuteRow> found = new HashMap<>();
        for (var row : reports.runsPerMinuteForOperator(first)) {
            found.put(row.minute(), row);
        }
        List<Minute> result = new ArrayList<>();
        for (Instant at = first; !at.isAfter(now); at = at.plus(Duration.ofMinutes(1))) {
            var row = found.get(at);
            result.add(row == null ? new Minute(at, 0, 0) : new Minute(at, row.runs(), row.failed()));
        }
        return result;
    }

    /** This node's samples of the queue depth over the last hour, oldest first. */
    public List<QueueDepth> queueDepth() {
        return sampler.samples().stream()
                .map(s -> new QueueDepth(s.at(), s.depth()))
                .toList();
    }

    /** Runs each workspace created within {@code window}; workspaces without runs are absent. */
    public Map<WorkspaceId, Long> runsPerWorkspace(Duration window) {
        Map<WorkspaceId, Long> counts = new HashMap<>();
        for (var row : reports.runsPerWorkspaceForOperator(clock.instant().minus(window))) {
            counts.put(row.tenant(), row.runs());
        }
        return counts;
    }

    /** The newest failed runs created within {@code window}, across workspaces. */
    public List<FailedRun> recentFailures(Duration window, int limit) {
        return reports
                .recentFailuresForOperator(clock.instant().minus(window), Math.max(1, Math.min(limit, 200)))
                .stream()
                .map(r -> new FailedRun(r.tenant(), r.id(), r.workflowId(), r.error(), r.createdAt(), r.finishedAt()))
                .toList();
    }

    /**
     * The job queue now, for ops' alert rules.
     *
     * @param due queued jobs whose time has come
     * @param oldestDueWait how long the oldest of them has been due (zero when none)
     * @param running jobs a worker holds
     * @param expiredLeases running jobs whose lease ran out (their worker stopped renewing and the reaper has not put
     *     them back yet)
     * @param oldestExpiredLease how long ago the oldest of those leases ran out (zero when none)
     */
    public record QueueHealth(
            long due, Duration oldestDueWait, long running, long expiredLeases, Duration oldestExpiredLease) {}

    /** The job queue now, across workspaces, by the database clock (leases and due times are the database's). */
    public QueueHealth queueHealth() {
        var row = reports.queueHealthForOperator();
        return new QueueHealth(
                row.due(),
                Duration.ofMillis(Math.round(row.oldestDueSeconds() * 1000)),
                row.running(),
                row.expired(),
                Duration.ofMillis(Math.round(row.oldestExpiredSeconds() * 1000)));
    }
}
