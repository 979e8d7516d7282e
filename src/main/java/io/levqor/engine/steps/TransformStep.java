package io.levqor.engine.steps;

import io.levqor.connectors.StepOutcome;
import io.levqor.connectors.StepRequest;
import io.levqor.connectors.StepType;
import java.util.Map;
import org.springframework.stereotype.Component;

/** {@code transform}: its output is its rendered {@code output} field. Pure, so it runs inline. */
@Component
class TransformStep implements StepType {

    @Override
    public String name() {
        return "transform";
    }

    @Override
    public Map<String, Object> schema() {
        return Map.of(
                "type", "object",
                "required", java.util.List.of("output"),
                "properties",
                        Map.of("output", Map.of("description", "any JSON value; {{ }} expressions are evaluated")));
    }

    @Override
    public boolean pure() {
        return true;
    }

    @Override
    public StepOutcome execute(StepRequest request) {
        return StepOutcome.succeeded(request.config().get("output"));
    }
}
