package io.levqor.ops.alerts;

import io.levqor.ops.alerts.AlertRules.Evaluation;
import io.levqor.ops.alerts.AlertRules.Firing;
import io.levqor.ops.alerts.jdbc.AlertRepository;
import io.levqor.shared.Ids;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Evaluates the rules and brings the stored alerts in line: new ones open as firing, gone ones resolve. One node
 * at a time: the round runs in a transaction holding a PostgreSQL advisory lock, and a node that cannot take it
 * skips the round (the holder is doing it).
 */
@Component
public class AlertEvaluator {

    private final AlertRules rules;
    private final AlertRepository alerts;
    private final AlertSettings settings;
    private final TransactionTemplate transactions;
    private final Clock clock;

    AlertEvaluator(
            AlertRules rules,
            AlertRepository alerts,
            AlertSettings settings,
            TransactionTemplate transactions,
            Clock clock) {
        this.rules = rules;
        this.alerts = alerts;
        this.settings = settings;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** One round; false when another node was evaluating. */
    public boolean evaluate() {
        return Boolean.TRUE.equals(transactions.execute(status -> {
            if (!alerts.tryEvaluationLock()) {
                return false;
            }
            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
            Evaluation evaluation = rules.evaluate();
            Map<String, Firing> active = new LinkedHashMap<>();
            for (Firing firing : evaluation.firing()) {
                active.put(firing.fingerprint(), firing);
            }
            for (Alert stored : alerts.firing()) {
                Firing still = active.remove(stored.fingerprint());
                if (still != null) {
                    alerts.refresh(stored.fingerprint(), still.annotations(), now);
                } else if (evaluation.evaluated().contains(stored.name())) {
                    alerts.resolve(stored.fingerprint(), now);
                }
            }
            for (var entry : active.entrySet()) {
                Firing firing = entry.getValue();
                alerts.open(
                        Ids.newId(),
                        entry.getKey(),
                        firing.name(),
                        firing.severity(),
                        firing.labels(),
                        firing.annotations(),
                        now);
            }
            Duration keep = settings.failedRuns().window().multipliedBy(2);
            alerts.prune(now.minus(keep), now.minus(settings.repeatInterval().plusDays(1)));
            return true;
        }));
    }
}
