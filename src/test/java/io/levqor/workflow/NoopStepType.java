package io.levqor.workflow;

import io.levqor.connectors.StepOutcome;
import io.levqor.connectors.StepRequest;
import io.levqor.connectors.StepType;
import java.util.Map;
import org.springframework.stereotype.Component;

/** A step type present in every integration test context, so workflow tests need neither engine nor connectors. */
@Component
class NoopStepType implements StepType {

    @Override
    public String name() {
        return "test-noop";
    }

    @Override
    public Map<String, Object> schema() {
        return Map.of(
                "properties",
                Map.of("note", Map.of("type", "string"), "url", Map.of("type", "string", "format", "uri")),
                "additionalProperties",
                false);
    }

    @Override
    public boolean pure() {
        return true;
    }

    @Override
    public StepOutcome execute(StepRequest request) {
        return StepOutcome.succeeded(request.config());
    }
}
