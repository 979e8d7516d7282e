package io.levqor.engine.steps;

import io.levqor.connectors.StepFailure;
import io.levqor.connectors.StepOutcome;
import io.levqor.connectors.StepRequest;
import io.levqor.connectors.StepType;
import io.levqor.workflow.Durations;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * {@code delay}: waits {@code duration} (e.g. {@code "10m"}) or {@code until} an ISO instant — durably: the engine
 * re-queues the run's next step for that time, so no thread sleeps and a restart loses nothing.
 */
@Component
class DelayStep implements StepType {

    private final Clock clock;

    DelayStep(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String name() {
        return "delay";
    }

    @Override
    public Map<String, Object> schema() {
        return Map.of(
                "type", "object",
                "properties",
                        Map.of(
                                "duration", Map.of("type", "string", "description", "how long, e.g. 30s, 10m, 2h, 1d"),
                                "until", Map.of("type", "string", "description", "an ISO-8601 instant")),
                "oneOf", List.of(Map.of("required", List.of("duration")), Map.of("required", List.of("until"))));
    }

    @Override
    public StepOutcome execute(StepRequest request) {
        Instant until = until(request.config());
        return new StepOutcome.Sleep(until, Map.of("until", until.toString()));
    }

    private Instant until(Map<String, Object> config) {
        try {
            if (config.get("until") instanceof String until) {
                return Instant.parse(until);
            }
            if (config.get("duration") instanceof String duration) {
                Duration wait = Durations.parse(duration);
                return clock.instant().plus(wait);
            }
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw StepFailure.permanent("delay: " + e.getMessage());
        }
        throw StepFailure.permanent("delay: needs a 'duration' (e.g. \"10m\") or an 'until' instant");
    }
}
