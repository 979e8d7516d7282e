package io.levqor.ops.alerts;

import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Every {@code levqor.ops.alerts.interval} (default 15 s) each node evaluates the rules (one node wins the lock per
 * round), sends the notifications that are due (the notification log lets one node send each) and recounts the
 * firing alerts for its metrics.
 */
@Component
class AlertSchedule {

    private static final Logger log = LoggerFactory.getLogger(AlertSchedule.class);

    private final AlertSettings settings;
    private final AlertEvaluator evaluator;
    private final AlertNotifier notifier;
    private final AlertMetrics metrics;
    private final AtomicBoolean running = new AtomicBoolean();

    AlertSchedule(AlertSettings settings, AlertEvaluator evaluator, AlertNotifier notifier, AlertMetrics metrics) {
        this.settings = settings;
        this.evaluator = evaluator;
        this.notifier = notifier;
        this.metrics = metrics;
    }

    @Scheduled(initialDelayString = "PT30S", fixedDelayString = "${levqor.ops.alerts.interval:PT15S}")
    void tick() {
        if (!settings.scheduleEnabled() || !running.compareAndSet(false, true)) {
            return;
        }
        // Off the scheduler's thread: a channel can take seconds to answer, and other @Scheduled tasks share it.
        Thread.ofVirtual().name("levqor-alerts").start(() -> {
            try {
                evaluator.evaluate();
                notifier.notifyDue();
                metrics.refresh();
            } catch (RuntimeException e) {
                log.error("The alert round failed; the next one tries again", e);
            } finally {
                running.set(false);
            }
        });
    }
}
