package io.levqor.ops.alerts;

import io.levqor.ops.alerts.jdbc.AlertRepository;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * {@code levqor_alerts_firing{severity}}: alerts firing now, as this node last counted them (each round, from the
 * shared table, so every node reports the same figure).
 */
@Component
public class AlertMetrics implements MeterBinder {

    private final AlertRepository alerts;
    private final Map<String, AtomicLong> firing = new ConcurrentHashMap<>();

    AlertMetrics(AlertRepository alerts) {
        this.alerts = alerts;
        for (String severity : AlertSettings.SEVERITIES) {
            firing.put(severity, new AtomicLong());
        }
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        firing.forEach((severity, count) -> Gauge.builder("levqor.alerts.firing", count, AtomicLong::get)
                .tag("severity", severity)
                .description("Alerts firing now")
                .strongReference(true)
                .register(registry));
    }

    /** Counts the firing alerts again. */
    public void refresh() {
        Map<String, Long> counts = alerts.firingBySeverity();
        firing.forEach((severity, count) -> count.set(counts.getOrDefault(severity, 0L)));
    }
}
