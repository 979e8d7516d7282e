package io.levqor.connectors.internal.code;

import io.levqor.connectors.StepOutcome;
import io.levqor.connectors.StepRequest;
import io.levqor.connectors.StepType;
import io.levqor.shared.FieldError;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * {@code code}: runs the step's JavaScript ({@link CodeSandbox}) with {@code trigger}, {@code steps}, {@code item}
 * and {@code index} as inputs; what it returns is the step's output. Pure: a script cannot reach anything outside
 * its sandbox and its CPU time is bounded, so it runs inline like {@code transform}. Its failures are never
 * retried: the same script on the same data fails the same way.
 */
@Component
class CodeStep implements StepType, AutoCloseable {

    static final String CODE = "code";

    private final CodeSandbox sandbox;
    private final CodeSettings settings;

    CodeStep(CodeSettings settings) {
        this.settings = settings;
        this.sandbox = new CodeSandbox(settings);
        sandbox.warmUp();
    }

    @Override
    public String name() {
        return "code";
    }

    @Override
    public Map<String, Object> schema() {
        return Map.of(
                "type", "object",
                "required", List.of(CODE),
                "properties",
                        Map.of(
                                CODE,
                                Map.of(
                                        "type",
                                        "string",
                                        "minLength",
                                        1,
                                        "maxLength",
                                        (int) settings.maxCodeSize().toBytes(),
                                        "description",
                                        "JavaScript: the body of a function of trigger, steps, item and index"
                                                + " whose return value is the output; not a {{ }} template")));
    }

    @Override
    public Set<String> literalFields() {
        return Set.of(CODE);
    }

    @Override
    public List<FieldError> check(Map<String, Object> fields) {
        if (!(fields.get(CODE) instanceof String code)) {
            return List.of();
        }
        try {
            return sandbox.compileProblem(code)
                    .map(problem -> List.of(new FieldError("/" + CODE, problem)))
                    .orElse(List.of());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of(new FieldError("/" + CODE, "was not checked: the request was interrupted"));
        }
    }

    @Override
    public boolean pure() {
        return true;
    }

    @Override
    public StepOutcome execute(StepRequest request) throws InterruptedException {
        if (!(request.config().get(CODE) instanceof String code)) {
            return StepOutcome.failed(CodeSandbox.ERROR + ": the step has no code", false);
        }
        Map<String, @Nullable Object> inputs = new HashMap<>();
        inputs.put("trigger", request.data().get("trigger"));
        inputs.put("steps", request.data().getOrDefault("steps", Map.of()));
        // Loops put the current item and its index in the data; outside a loop both are null.
        inputs.put("item", request.data().get("item"));
        inputs.put("index", request.data().get("index"));
        return switch (sandbox.run(code, inputs, request.timeout())) {
            case CodeSandbox.Output output -> StepOutcome.succeeded(output.value());
            case CodeSandbox.Failure failure ->
                new StepOutcome.Failed(
                        failure.code() + ": " + failure.message(),
                        false,
                        null,
                        Map.of("error", failure.code(), "message", failure.message()));
        };
    }

    @Override
    public void close() {
        sandbox.close();
    }
}
