package io.levqor.engine.steps;

import io.levqor.connectors.StepOutcome;
import io.levqor.connectors.StepRequest;
import io.levqor.connectors.StepType;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * {@code filter}: the engine evaluates its {@code if} and ends the run (as succeeded) when it is false. Listed as a
 * step type so definitions naming it validate; the engine never calls {@link #execute}.
 */
@Component
class FilterStep implements StepType {

    @Override
    public String name() {
        return "filter";
    }

    @Override
    public Map<String, Object> schema() {
        return Map.of("type", "object");
    }

    @Override
    public boolean pure() {
        return true;
    }

    @Override
    public StepOutcome execute(StepRequest request) {
        return StepOutcome.succeeded(Map.of("passed", true));
    }
}
