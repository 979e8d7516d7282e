package io.levqor.ops.alerts;

import io.levqor.engine.OperatorRuns;
import io.levqor.engine.OperatorRuns.QueueHealth;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.stereotype.Component;

/**
 * {@code WorkerStalled}, two ways ({@code reason} label): {@code lease-expired}, running jobs whose lease ran out
 * more than {@code lease-grace} ago (a worker stopped renewing and no node's reaper put them back, which it does
 * within seconds); {@code no-claims}, due jobs waiting longer than {@code no-claims-for} while no job runs at all
 * (no worker is claiming).
 */
@Component
class WorkerStallRule implements AlertRule {

    static final String NAME = "WorkerStalled";

    /** {@code levqor.ops.alerts.worker-stall.*}. */
    @ConfigurationProperties("levqor.ops.alerts.worker-stall")
    record Settings(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("1m") Duration leaseGrace,
            @DefaultValue("5m") Duration noClaimsFor,
            @DefaultValue("critical") String severity) {

        Settings {
            if (leaseGrace.isNegative() || !noClaimsFor.isPositive()) {
                throw new IllegalArgumentException("levqor.ops.alerts.worker-stall: lease-grace must not be negative"
                        + " and no-claims-for must be positive");
            }
            AlertSettings.checkSeverity(severity, "worker-stall.severity");
        }
    }

    private final Settings settings;
    private final OperatorRuns runs;

    WorkerStallRule(Settings settings, OperatorRuns runs) {
        this.settings = settings;
        this.runs = runs;
    }

    @Override
    public List<String> names() {
        return List.of(NAME);
    }

    @Override
    public List<AlertRules.Firing> evaluate() {
        if (!settings.enabled()) {
            return List.of();
        }
        QueueHealth queue = runs.queueHealth();
        List<AlertRules.Firing> firing = new ArrayList<>();
        if (queue.expiredLeases() > 0 && queue.oldestExpiredLease().compareTo(settings.leaseGrace()) > 0) {
            firing.add(new AlertRules.Firing(
                    NAME,
                    settings.severity(),
                    Map.of("reason", "lease-expired"),
                    Map.of(
                            "summary",
                            queue.expiredLeases() + " running job" + (queue.expiredLeases() == 1 ? "" : "s")
                                    + " lost their worker: the oldest lease ran out "
                                    + Durations.text(queue.oldestExpiredLease()) + " ago and no node put it back",
                            "expiredLeases",
                            Long.toString(queue.expiredLeases()))));
        }
        if (queue.due() > 0 && queue.running() == 0 && queue.oldestDueWait().compareTo(settings.noClaimsFor()) > 0) {
            firing.add(new AlertRules.Firing(
                    NAME,
                    settings.severity(),
                    Map.of("reason", "no-claims"),
                    Map.of(
                            "summary",
                            "No worker is claiming: " + queue.due() + " due job" + (queue.due() == 1 ? "" : "s")
                                    + " wait, the oldest for " + Durations.text(queue.oldestDueWait())
                                    + ", and none runs",
                            "due",
                            Long.toString(queue.due()))));
        }
        return firing;
    }
}
