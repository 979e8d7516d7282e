package io.levqor.ops.alerts;

import io.levqor.engine.OperatorRuns;
import io.levqor.engine.OperatorRuns.QueueHealth;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.stereotype.Component;

/**
 * {@code QueueOldestAge}: the oldest due job has waited longer than {@code levqor.ops.alerts.queue-age.max-age} for
 * a worker. Unlike the depth rule it catches a short queue that does not move.
 */
@Component
class QueueAgeRule implements AlertRule {

    static final String NAME = "QueueOldestAge";

    /** {@code levqor.ops.alerts.queue-age.*}. */
    @ConfigurationProperties("levqor.ops.alerts.queue-age")
    record Settings(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("5m") Duration maxAge,
            @DefaultValue("warning") String severity) {

        Settings {
            if (!maxAge.isPositive()) {
                throw new IllegalArgumentException("levqor.ops.alerts.queue-age.max-age must be positive");
            }
            AlertSettings.checkSeverity(severity, "queue-age.severity");
        }
    }

    private final Settings settings;
    private final OperatorRuns runs;

    QueueAgeRule(Settings settings, OperatorRuns runs) {
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
        if (queue.due() == 0 || queue.oldestDueWait().compareTo(settings.maxAge()) <= 0) {
            return List.of();
        }
        return List.of(new AlertRules.Firing(
                NAME,
                settings.severity(),
                Map.of(),
                Map.of(
                        "summary",
                        "The oldest due job has waited " + Durations.text(queue.oldestDueWait())
                                + " for a worker (limit " + Durations.text(settings.maxAge()) + "); "
                                + queue.due() + " due job" + (queue.due() == 1 ? "" : "s") + " wait",
                        "oldestSeconds",
                        Long.toString(queue.oldestDueWait().toSeconds()),
                        "due",
                        Long.toString(queue.due()))));
    }
}
