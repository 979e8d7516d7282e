package io.levqor.workflow.internal;

import io.levqor.connectors.StepType;
import io.levqor.workflow.RetryPolicy;
import io.levqor.workflow.StepDefinition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/** The JSON Schema (2020-12) of the definition format, with every step type's own fields. */
@Component
public class WorkflowJsonSchema {

    private static final String DURATION_PATTERN = "^(\\d{1,9}\\s*(ms|s|m|h|d)|[Pp].+)$";

    private final DefinitionReader definitions;
    private final WorkflowSettings settings;

    WorkflowJsonSchema(DefinitionReader definitions, WorkflowSettings settings) {
        this.definitions = definitions;
        this.settings = settings;
    }

    public Map<String, Object> document(String id) {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        schema.put("$id", id);
        schema.put("title", "Levqor workflow definition");
        schema.put(
                "description",
                "A trigger and the steps it runs in order. Strings may hold JSONata expressions inside {{ }}.");
        schema.put("type", "object");
        schema.put("required", List.of("trigger", "steps"));
        schema.put("additionalProperties", false);
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("description", Map.of("type", "string"));
        properties.put("trigger", Map.of("oneOf", List.of(manual(), webhook(), schedule())));
        List<StepType> types = definitions.stepTypes();
        Map<String, Object> steps = new LinkedHashMap<>();
        steps.put("type", "array");
        steps.put("maxItems", settings.maxSteps());
        List<Object> shapes = new ArrayList<>();
        if (types.isEmpty()) {
            shapes.add(Map.of("$ref", "#/$defs/stepCommon"));
        } else {
            types.stream().map(WorkflowJsonSchema::step).forEach(shapes::add);
        }
        shapes.add(switchStep());
        shapes.add(waitStep());
        shapes.add(forEachStep());
        shapes.add(workflowStep());
        shapes.add(parallelStep());
        steps.put("items", Map.of("oneOf", shapes));
        properties.put("steps", steps);
        properties.put("output", Map.of("description", "Any JSON value; rendered when the run ends."));
        properties.put(
                "concurrency",
                Map.of("type", List.of("integer", "null"), "minimum", 1, "description", "Most runs at once"));
        properties.put(
                "timeout",
                Map.of(
                        "$ref",
                        "#/$defs/duration",
                        "description",
                        "A run still going this long after it was created fails as timed-out (at most 30d)"));
        properties.put(
                "dedupe",
                Map.of(
                        "type",
                        "string",
                        "description",
                        "Webhook only: a {{ }} expression over trigger giving each delivery's key; deliveries with the"
                                + " same key within the retention window start one run (an Idempotency-Key header"
                                + " is the key when this yields nothing)"));
        properties.put(
                "onFailure",
                object(
                        Map.of(
                                "workflow",
                                Map.of(
                                        "type",
                                        "string",
                                        "format",
                                        "uuid",
                                        "description",
                                        "A workflow of the same workspace, started once with {runId, workflowId, error,"
                                                + " failedStep} when a run of this one finally fails")),
                        List.of("workflow")));
        schema.put("properties", properties);
        schema.put("$defs", defs());
        return schema;
    }

    private static Map<String, Object> manual() {
        return object(Map.of("type", Map.of("const", "manual")), List.of("type"));
    }

    private static Map<String, Object> webhook() {
        return object(
                Map.of(
                        "type", Map.of("const", "webhook"),
                        "respond", Map.of("enum", List.of("async", "sync")),
                        "secret", Map.of("type", "string", "minLength", 16, "maxLength", 256)),
                List.of("type"));
    }

    private static Map<String, Object> schedule() {
        return object(
                Map.of(
                        "type", Map.of("const", "schedule"),
                        "cron",
                                Map.of(
                                        "type",
                                        "string",
                                        "description",
                                        "Five-field cron: minute hour day-of-month month day-of-week"),
                        "timezone", Map.of("type", "string", "description", "An IANA time zone, e.g. Europe/London")),
                List.of("type", "cron"));
    }

    private static Map<String, Object> object(Map<String, Object> properties, List<String> required) {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("type", "object");
        object.put("required", required);
        object.put("properties", new LinkedHashMap<>(properties));
        object.put("additionalProperties", false);
        return object;
    }

    private static Map<String, Object> step(StepType type) {
        Map<String, Object> own = type.schema();
        Map<String, Object> properties = new LinkedHashMap<>(commonProperties());
        properties.put("type", Map.of("const", type.name()));
        if (own.get("properties") instanceof Map<?, ?> fields) {
            fields.forEach((name, schema) -> properties.put(String.valueOf(name), schema));
        }
        Set<String> required = new LinkedHashSet<>(List.of("id", "type"));
        if (own.get("required") instanceof List<?> names) {
            names.forEach(name -> required.add(String.valueOf(name)));
        }
        Map<String, Object> step = new LinkedHashMap<>();
        step.put("title", type.name());
        step.put("type", "object");
        step.put("required", new ArrayList<>(required));
        step.put("properties", properties);
        if (own.containsKey("additionalProperties")) {
            step.put("additionalProperties", own.get("additionalProperties"));
        }
        return step;
    }

    /** A {@code switch}: its branches hold step lists of the same shape as the definition's (a recursive $ref). */
    private static Map<String, Object> switchStep() {
        Map<String, Object> nested = Map.of("type", "array", "items", Map.of("$ref", "#/properties/steps/items"));
        Map<String, Object> branch = object(
                Map.of(
                        "name",
                        Map.of("type", "string", "pattern", "^" + DefinitionParser.STEP_ID.pattern() + "$"),
                        "when",
                        Map.of(
                                "type",
                                List.of("boolean", "string"),
                                "description",
                                "The first case whose when is true runs"),
                        "steps",
                        nested),
                List.of("name", "when", "steps"));
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("id", commonProperties().get("id"));
        properties.put("type", Map.of("const", "switch"));
        properties.put("if", commonProperties().get("if"));
        properties.put("cases", Map.of("type", "array", "minItems", 1, "items", branch));
        properties.put("default", nested);
        properties.put("onError", commonProperties().get("onError"));
        Map<String, Object> step = object(properties, List.of("id", "type", "cases"));
        step.put("title", "switch");
        step.put(
                "description",
                "Runs the steps of the first case whose when is true (else default), then goes on after the switch;"
                        + " its output is {branch, output}");
        return step;
    }

    /** A {@code forEach}: its body is a step list of the definition's shape, run once per item. */
    private static Map<String, Object> forEachStep() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("id", commonProperties().get("id"));
        properties.put("type", Map.of("const", StepDefinition.FOR_EACH));
        properties.put("if", commonProperties().get("if"));
        properties.put(
                "items",
                Map.of(
                        "type",
                        List.of("string", "array"),
                        "description",
                        "A {{ … }} expression giving the array to loop over (or a literal array)"));
        properties.put(
                "concurrency",
                Map.of(
                        "type",
                        "integer",
                        "minimum",
                        1,
                        "maximum",
                        DefinitionParser.MOST_LOOP_CONCURRENCY,
                        "description",
                        "Most items in flight at once (default 1)"));
        properties.put(
                "onItemError",
                Map.of(
                        "enum",
                        List.of("fail", "continue"),
                        "description",
                        "continue: a failed item's entry is {error} and the other items go on"));
        properties.put(
                "steps",
                Map.of(
                        "type",
                        "array",
                        "minItems",
                        1,
                        "items",
                        Map.of("$ref", "#/properties/steps/items"),
                        "description",
                        "Run once per item; expressions also see item and index"));
        properties.put("onError", commonProperties().get("onError"));
        Map<String, Object> step = object(properties, List.of("id", "type", "items", "steps"));
        step.put("title", StepDefinition.FOR_EACH);
        step.put(
                "description",
                "Runs its steps once per item, up to concurrency at once; its output is the array of each item's"
                        + " last output, in item order");
        return step;
    }

    /** A {@code parallel}: named branches, each a step list of the definition's shape, run at once. */
    private static Map<String, Object> parallelStep() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("id", commonProperties().get("id"));
        properties.put("type", Map.of("const", StepDefinition.PARALLEL));
        properties.put("if", commonProperties().get("if"));
        properties.put(
                "branches",
                Map.of(
                        "type",
                        "object",
                        "minProperties",
                        1,
                        "maxProperties",
                        DefinitionParser.MOST_BRANCHES,
                        "propertyNames",
                        Map.of("pattern", "^" + DefinitionParser.STEP_ID.pattern() + "$"),
                        "additionalProperties",
                        Map.of("type", "array", "items", Map.of("$ref", "#/properties/steps/items")),
                        "description",
                        "Named step lists, run at once"));
        properties.put("onError", commonProperties().get("onError"));
        Map<String, Object> step = object(properties, List.of("id", "type", "branches"));
        step.put("title", StepDefinition.PARALLEL);
        step.put(
                "description",
                "Runs its branches at once and ends when all have ended; its output is {<branch>: <the branch's last"
                        + " output>}; one failed branch fails it");
        return step;
    }

    /** A {@code workflow} step: a child run of another workflow of the workspace, awaited without a thread. */
    private static Map<String, Object> workflowStep() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("id", commonProperties().get("id"));
        properties.put("type", Map.of("const", StepDefinition.WORKFLOW));
        properties.put("if", commonProperties().get("if"));
        properties.put(
                "workflow",
                Map.of(
                        "type",
                        "string",
                        "format",
                        "uuid",
                        "description",
                        "A workflow of the same workspace; a child run of its current version is started"));
        properties.put(
                "input", Map.of("description", "Any JSON value (strings may hold {{ }}): the child's trigger.input"));
        properties.put("retry", commonProperties().get("retry"));
        properties.put("onError", commonProperties().get("onError"));
        Map<String, Object> step = object(properties, List.of("id", "type", "workflow"));
        step.put("title", StepDefinition.WORKFLOW);
        step.put(
                "description",
                "Starts a child run of the workflow and parks this run (waiting) until it ends; its output is the"
                        + " child's output, its failure the step's (retried per retry)");
        return step;
    }

    private static Map<String, Object> waitStep() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("id", commonProperties().get("id"));
        properties.put("type", Map.of("const", "wait"));
        properties.put("if", commonProperties().get("if"));
        properties.put("for", Map.of("const", "signal"));
        properties.put(
                "signal",
                Map.of(
                        "type",
                        "string",
                        "pattern",
                        "^" + DefinitionParser.STEP_ID.pattern() + "$",
                        "description",
                        "POST /api/v1/runs/{id}/signals/{signal} resumes the run"));
        properties.put(
                "timeout",
                Map.of("$ref", "#/$defs/duration", "description", "How long to wait, at most 30d (the default)"));
        properties.put("onTimeout", Map.of("enum", List.of("fail", "continue")));
        properties.put(
                "until",
                Map.of(
                        "type",
                        "string",
                        "description",
                        "A durable sleep instead of a signal: an ISO-8601 instant or a {{ }} expression giving one"));
        properties.put("onError", commonProperties().get("onError"));
        Map<String, Object> step = object(properties, List.of("id", "type"));
        step.put("oneOf", List.of(Map.of("required", List.of("for", "signal")), Map.of("required", List.of("until"))));
        step.put("title", "wait");
        step.put(
                "description",
                "Parks the run (status waiting) until the signal arrives (its body is the output) or, with until,"
                        + " until that instant");
        return step;
    }

    private static Map<String, Object> commonProperties() {
        Map<String, Object> common = new LinkedHashMap<>();
        common.put("id", Map.of("type", "string", "pattern", "^" + DefinitionParser.STEP_ID.pattern() + "$"));
        common.put("type", Map.of("type", "string"));
        common.put(
                "if", Map.of("type", List.of("boolean", "string"), "description", "Skip the step when this is false"));
        common.put("retry", Map.of("$ref", "#/$defs/retry"));
        common.put("timeout", Map.of("$ref", "#/$defs/duration"));
        common.put("credential", Map.of("type", "string", "description", "Name of a credential of the workspace"));
        common.put(
                "onError",
                Map.of(
                        "enum",
                        List.of("fail", "continue"),
                        "description",
                        "continue: a step that finally fails outputs {error} and the run goes on"));
        return common;
    }

    private static Map<String, Object> defs() {
        Map<String, Object> defs = new LinkedHashMap<>();
        defs.put(
                "duration",
                Map.of(
                        "type",
                        "string",
                        "pattern",
                        DURATION_PATTERN,
                        "description",
                        "500ms, 10s, 5m, 2h, 1d or ISO-8601 like PT1M30S"));
        defs.put(
                "retry",
                object(
                        Map.of(
                                "maxAttempts",
                                Map.of("type", "integer", "minimum", 1, "maximum", RetryPolicy.MAX_ATTEMPTS_LIMIT),
                                "backoff",
                                Map.of("enum", List.of("exponential")),
                                "initialDelay",
                                Map.of("$ref", "#/$defs/duration"),
                                "maxDelay",
                                Map.of("$ref", "#/$defs/duration")),
                        List.of()));
        Map<String, Object> common = new LinkedHashMap<>();
        common.put("type", "object");
        common.put("required", List.of("id", "type"));
        common.put("properties", commonProperties());
        defs.put("stepCommon", common);
        return defs;
    }
}
