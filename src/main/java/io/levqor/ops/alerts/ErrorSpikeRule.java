package io.levqor.ops.alerts;

import io.levqor.ops.errors.jdbc.ErrorRepository;
import io.levqor.ops.errors.jdbc.ErrorRepository.RecentErrors;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.stereotype.Component;

/**
 * {@code ErrorSpike}: more than {@code levqor.ops.alerts.error-spike.threshold} unexpected errors (error tracking's
 * occurrences, server side unless {@code include-client}) in the last {@code window}. It also prunes the
 * per-minute counts it reads once they are a day older than any window needs.
 */
@Component
class ErrorSpikeRule implements AlertRule {

    static final String NAME = "ErrorSpike";

    /** {@code levqor.ops.alerts.error-spike.*}. */
    @ConfigurationProperties("levqor.ops.alerts.error-spike")
    record Settings(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("5m") Duration window,
            @DefaultValue("50") long threshold,
            @DefaultValue("false") boolean includeClient,
            @DefaultValue("warning") String severity) {

        Settings {
            if (window.compareTo(Duration.ofMinutes(1)) < 0 || window.compareTo(Duration.ofHours(24)) > 0) {
                throw new IllegalArgumentException("levqor.ops.alerts.error-spike.window must be 1m to 24h");
            }
            if (threshold < 1) {
                throw new IllegalArgumentException("levqor.ops.alerts.error-spike.threshold must be at least 1");
            }
            AlertSettings.checkSeverity(severity, "error-spike.severity");
        }
    }

    private final Settings settings;
    private final ErrorRepository errors;
    private final Clock clock;

    ErrorSpikeRule(Settings settings, ErrorRepository errors, Clock clock) {
        this.settings = settings;
        this.errors = errors;
        this.clock = clock;
    }

    @Override
    public List<String> names() {
        return List.of(NAME);
    }

    @Override
    public List<AlertRules.Firing> evaluate() {
        Instant now = clock.instant();
        errors.pruneMinutes(now.minus(Duration.ofDays(2)));
        if (!settings.enabled()) {
            return List.of();
        }
        // Whole minutes: the window's first minute counts in full, so a spike is never missed by a partial minute.
        RecentErrors recent = errors.recent(now.minus(settings.window()), settings.includeClient());
        if (recent.occurrences() <= settings.threshold()) {
            return List.of();
        }
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(
                "summary",
                recent.occurrences() + " unexpected errors in the last " + Durations.text(settings.window())
                        + " (more than " + settings.threshold() + ")"
                        + (recent.topType() == null
                                ? ""
                                : "; most were " + recent.topType() + " (" + recent.topOccurrences() + ")"));
        annotations.put("occurrences", Long.toString(recent.occurrences()));
        if (recent.topFingerprint() != null) {
            annotations.put("topFingerprint", recent.topFingerprint());
        }
        return List.of(new AlertRules.Firing(NAME, settings.severity(), Map.of(), annotations));
    }
}
