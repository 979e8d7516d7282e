package io.levqor.ops.slo;

import io.levqor.ops.Watchdogs.Slo;
import io.levqor.ops.alerts.AlertRule;
import io.levqor.ops.alerts.AlertRules.Firing;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * {@code SloBurnRate}: one alert per SLO and urgency while a workbook condition holds — {@code page} (critical) at
 * 14.4× over 1 h and 5 min or 6× over 6 h and 30 min, {@code ticket} (warning) at 1× over 3 d and 6 h.
 */
@Component
class SloBurnRateRule implements AlertRule {

    static final String NAME = "SloBurnRate";

    private final ServiceLevels slos;
    private final SloSettings settings;

    SloBurnRateRule(ServiceLevels slos, SloSettings settings) {
        this.slos = slos;
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
        for (Slo slo : slos.statuses(false)) {
            for (String urgency : slo.firing()) {
                String severity = BurnRates.CONDITIONS.stream()
                        .filter(c -> c.urgency().equals(urgency))
                        .findFirst()
                        .orElseThrow()
                        .severity();
                String rates = slo.burnRates().stream()
                        .map(b -> b.window() + " " + String.format(Locale.ROOT, "%.1f", b.rate()) + "×")
                        .collect(Collectors.joining(", "));
                firing.add(new Firing(
                        NAME,
                        severity,
                        Map.of("slo", slo.name(), "urgency", urgency),
                        Map.of(
                                "summary",
                                String.format(
                                        Locale.ROOT,
                                        "The %s SLO (%s over %s) is burning its error budget: %.1f %% left",
                                        slo.name(),
                                        percent(slo.objective()),
                                        slo.window(),
                                        slo.budgetLeft() * 100),
                                "description",
                                "Burn rates: " + rates + ". " + slo.description() + ".")));
            }
        }
        return firing;
    }

    private static String percent(double objective) {
        return java.math.BigDecimal.valueOf(objective)
                        .movePointRight(2)
                        .stripTrailingZeros()
                        .toPlainString() + " %";
    }
}
