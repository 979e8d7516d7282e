package io.levqor.ops.anomaly;

import io.levqor.ops.Watchdogs.Anomaly;
import io.levqor.ops.alerts.AlertRule;
import io.levqor.ops.alerts.AlertRules.Firing;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;

/** {@code Anomaly} (warning): one alert per series whose recent value is a spike or a drop worth one. */
@Component
class AnomalyRule implements AlertRule {

    static final String NAME = "Anomaly";

    private final AnomalyDetection detection;
    private final AnomalySettings settings;

    AnomalyRule(AnomalyDetection detection, AnomalySettings settings) {
        this.detection = detection;
        this.settings = settings;
    }

    @Override
    public List<String> names() {
        return List.of(NAME);
    }

    @Override
    public List<Firing> evaluate() {
        if (!settings.enabled()) {
            return List.of();
        }
        List<Firing> firing = new ArrayList<>();
        for (Anomaly anomaly : detection.assess(false)) {
            if (!anomaly.state().equals(AnomalyDetector.SPIKE)
                    && !anomaly.state().equals(AnomalyDetector.DROP)) {
                continue;
            }
            firing.add(new Firing(
                    NAME,
                    "warning",
                    Map.of("series", anomaly.series()),
                    Map.of(
                            "summary",
                            String.format(
                                    Locale.ROOT,
                                    "%s: a %s, %.1f per minute over the last %d (band %.1f–%.1f, mean %.1f)",
                                    anomaly.series(),
                                    anomaly.state(),
                                    anomaly.current(),
                                    settings.recent().toMinutes(),
                                    anomaly.lower(),
                                    anomaly.upper(),
                                    anomaly.mean()),
                            "description",
                            anomaly.description() + " against the same hour of the week over the past "
                                    + anomaly.baselineWeeks() + " week(s).")));
        }
        return firing;
    }
}
