package io.levqor.ops.alerts;

import io.levqor.engine.OperatorRuns;
import io.levqor.ops.alerts.jdbc.AlertRepository;
import io.levqor.ops.backup.jdbc.BackupRepository;
import io.levqor.ops.backup.jdbc.BackupRepository.BackupRow;
import io.levqor.shared.WorkspaceId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The built-in rules. Each answers the alerts that fire now; a rule that could not be evaluated (its data was
 * out of reach) is left out of {@link Evaluation#evaluated()}, so its alerts neither fire nor resolve this round.
 */
@Component
public class AlertRules {

    /** An alert a rule says fires now. */
    public record Firing(String name, String severity, Map<String, String> labels, Map<String, String> annotations) {

        public String fingerprint() {
            return Alert.fingerprint(name, labels);
        }
    }

    /** One round's result: what fires, and which rules were evaluated (only their alerts may resolve). */
    public record Evaluation(List<Firing> firing, Set<String> evaluated) {}

    static final String FAILED_RUN_RATE = "FailedRunRate";
    static final String WORKSPACE_FAILED_RUN_RATE = "WorkspaceFailedRunRate";
    static final String QUEUE_BACKLOG = "QueueBacklog";
    static final String BACKUP_FAILED = "BackupFailed";
    static final String BACKUP_STALE = "BackupStale";
    /** Sent to the workspace's own subscribed channel only, never to the operator's. */
    static final String WORKFLOW_FAILED = "WorkflowFailed";

    private static final Logger log = LoggerFactory.getLogger(AlertRules.class);

    private final AlertSettings settings;
    private final AlertRepository alerts;
    private final OperatorRuns runs;
    private final BackupRepository backups;
    private final Clock clock;
    private final List<AlertRule> contributed;

    AlertRules(
            AlertSettings settings,
            AlertRepository alerts,
            OperatorRuns runs,
            BackupRepository backups,
            Clock clock,
            ObjectProvider<AlertRule> contributed) {
        this.settings = settings;
        this.alerts = alerts;
        this.runs = runs;
        this.backups = backups;
        this.clock = clock;
        this.contributed = contributed.orderedStream().toList();
    }

    public Evaluation evaluate() {
        List<Firing> firing = new ArrayList<>();
        Set<String> evaluated = new HashSet<>();
        // A rule switched off counts as evaluated with nothing firing, so the alerts it raised before resolve.
        run(
                List.of(FAILED_RUN_RATE, WORKSPACE_FAILED_RUN_RATE),
                settings.failedRuns().enabled() ? this::failedRuns : List::of,
                firing,
                evaluated);
        run(
                List.of(WORKFLOW_FAILED),
                settings.failedRuns().enabled() ? this::workflowFailures : List::of,
                firing,
                evaluated);
        run(List.of(QUEUE_BACKLOG), settings.queue().enabled() ? this::queue : List::of, firing, evaluated);
        run(
                List.of(BACKUP_FAILED, BACKUP_STALE),
                settings.backup().enabled() ? this::backup : List::of,
                firing,
                evaluated);
        for (AlertRule rule : contributed) {
            run(rule.names(), rule::evaluate, firing, evaluated);
        }
        return new Evaluation(firing, evaluated);
    }

    private interface Rule {
        List<Firing> evaluate();
    }

    private static void run(List<String> names, Rule rule, List<Firing> firing, Set<String> evaluated) {
        try {
            firing.addAll(rule.evaluate());
            evaluated.addAll(names);
        } catch (RuntimeException e) {
            log.warn("Alert rules {} could not be evaluated this round", names, e);
        }
    }

    /**
     * Failed runs (counted from engine's RunFailed events as they happen) against the runs each workspace started
     * in the window (engine's operator read). A run started before the window that failed within it counts as a
     * failure but not as a run, so the share is capped at 100 %.
     */
    private List<Firing> failedRuns() {
        AlertSettings.FailedRuns rule = settings.failedRuns();
        Instant since = clock.instant().minus(rule.window());
        Map<WorkspaceId, Long> started = runs.runsPerWorkspace(rule.window());
        Map<WorkspaceId, Long> failed = alerts.failuresPerWorkspace(since);
        List<Firing> firing = new ArrayList<>();
        long platformRuns = 0;
        long platformFailed = 0;
        for (var entry : failed.entrySet()) {
            long failures = entry.getValue();
            long total = Math.max(failures, started.getOrDefault(entry.getKey(), 0L));
            platformFailed += failures;
            platformRuns += total;
            if (total >= rule.minRuns() && failures >= rule.workspaceRate() * total) {
                firing.add(new Firing(
                        WORKSPACE_FAILED_RUN_RATE,
                        rule.workspaceSeverity(),
                        Map.of("workspace", entry.getKey().value().toString()),
                        annotations(failures, total, rule.window())));
            }
        }
        for (var entry : started.entrySet()) {
            if (!failed.containsKey(entry.getKey())) {
                platformRuns += entry.getValue();
            }
        }
        if (platformRuns >= rule.minRuns() && platformFailed >= rule.platformRate() * platformRuns) {
            firing.add(new Firing(
                    FAILED_RUN_RATE,
                    rule.platformSeverity(),
                    Map.of(),
                    annotations(platformFailed, platformRuns, rule.window())));
        }
        return firing;
    }

    /** Any failed run of a workflow, for the workspaces that subscribed a channel to their workflows' failures. */
    private List<Firing> workflowFailures() {
        Duration window = settings.failedRuns().window();
        return alerts.failuresOfSubscribedWorkflows(clock.instant().minus(window)).stream()
                .map(f -> new Firing(
                        WORKFLOW_FAILED,
                        "warning",
                        Map.of(
                                "workspace", f.workspace().value().toString(),
                                "workflow", f.workflowId().toString()),
                        Map.of(
                                "summary",
                                f.failed() + " run" + (f.failed() == 1 ? "" : "s") + " of workflow " + f.workflowId()
                                        + " failed in the last " + window.toMinutes() + " minutes",
                                "failed",
                                Long.toString(f.failed()))))
                .toList();
    }

    private static Map<String, String> annotations(long failed, long total, Duration window) {
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(
                "summary",
                String.format(
                        Locale.ROOT,
                        "%d of %d runs failed in the last %d minutes (%.0f %%)",
                        failed,
                        total,
                        window.toMinutes(),
                        failed * 100.0 / total));
        annotations.put("failed", Long.toString(failed));
        annotations.put("runs", Long.toString(total));
        return annotations;
    }

    private List<Firing> queue() {
        List<OperatorRuns.QueueDepth> samples = runs.queueDepth();
        if (samples.isEmpty()) {
            return List.of();
        }
        long depth = samples.getLast().depth();
        if (depth <= settings.queue().maxDepth()) {
            return List.of();
        }
        return List.of(new Firing(
                QUEUE_BACKLOG,
                settings.queue().severity(),
                Map.of(),
                Map.of(
                        "summary",
                        depth + " due jobs wait for a worker (more than "
                                + settings.queue().maxDepth() + ")",
                        "depth",
                        Long.toString(depth))));
    }

    private List<Firing> backup() {
        List<Firing> firing = new ArrayList<>();
        Optional<BackupRow> last = backups.list(10).stream()
                .filter(row -> !"running".equals(row.status()))
                .findFirst();
        if (last.isPresent() && "failed".equals(last.get().status())) {
            BackupRow row = last.get();
            firing.add(new Firing(
                    BACKUP_FAILED,
                    settings.backup().severity(),
                    Map.of(),
                    Map.of(
                            "summary",
                            "The last backup (" + row.startedAt() + ") failed",
                            "error",
                            row.error() == null ? "" : row.error())));
        }
        Optional<BackupRow> success = backups.lastSuccess();
        Instant limit = clock.instant().minus(settings.backup().maxAge());
        if (success.isPresent() && success.get().startedAt().isBefore(limit)) {
            firing.add(new Firing(
                    BACKUP_STALE,
                    settings.backup().severity(),
                    Map.of(),
                    Map.of(
                            "summary",
                            "The last verified backup started at "
                                    + success.get().startedAt() + ", more than "
                                    + settings.backup().maxAge().toHours() + " h ago")));
        }
        return firing;
    }
}
