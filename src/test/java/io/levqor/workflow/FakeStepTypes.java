package io.levqor.workflow;

import io.levqor.connectors.StepOutcome;
import io.levqor.connectors.StepRequest;
import io.levqor.connectors.StepType;
import java.util.List;
import java.util.Map;

/** Step types shaped like the real ones, for validating definitions without the engine or connectors. */
final class FakeStepTypes {

    private FakeStepTypes() {}

    static List<StepType> all() {
        return List.of(
                type("transform", Map.of("properties", Map.of("output", Map.of()), "additionalProperties", false)),
                type("filter", Map.of("additionalProperties", false)),
                type(
                        "delay",
                        Map.of(
                                "required", List.of("duration"),
                                "properties", Map.of("duration", Map.of("type", "string")),
                                "additionalProperties", false)),
                type(
                        "http",
                        Map.of(
                                "type",
                                "object",
                                "required",
                                List.of("url"),
                                "properties",
                                Map.of(
                                        "url", Map.of("type", "string", "format", "uri"),
                                        "method", Map.of("enum", List.of("GET", "POST", "PUT", "PATCH", "DELETE")),
                                        "headers",
                                                Map.of(
                                                        "type",
                                                        "object",
                                                        "additionalProperties",
                                                        Map.of("type", "string")),
                                        "body", Map.of(),
                                        "maxBytes", Map.of("type", "integer", "minimum", 1, "maximum", 1000000),
                                        "tags", Map.of("type", "array", "items", Map.of("type", "string"))),
                                "additionalProperties",
                                false)));
    }

    static StepType type(String name, Map<String, Object> schema) {
        return new StepType() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Map<String, Object> schema() {
                return schema;
            }

            @Override
            public StepOutcome execute(StepRequest request) {
                return StepOutcome.succeeded(request.config());
            }
        };
    }
}
