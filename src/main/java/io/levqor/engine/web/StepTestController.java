package io.levqor.engine.web;

import io.levqor.engine.internal.StepTester;
import io.levqor.shared.Caller;
import io.levqor.shared.FieldError;
import io.levqor.shared.RequiresRole;
import io.levqor.shared.Role;
import io.levqor.shared.ValidationFailed;
import io.levqor.workflow.SampleData;
import io.levqor.workflow.WorkflowId;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** "Test step": runs one step of a definition for real on given data, storing no run. */
@RestController
class StepTestController {

    /** The longest step reference accepted (a deep path). */
    static final int MAX_REF = 1_000;

    /** {@code POST /api/v1/workflows/test-step}. */
    record TestStep(
            @Schema(description = "The workflow definition (as saved; checked like a save)") @Nullable
            Object definition,

            @Schema(description = "The step's id, or its path: check.cases[0].notify, each[3].call") @Nullable
            String stepId,

            @Schema(
                    description = "{trigger, steps: {<step id>: <its output>}, item?, index?}: what the"
                            + " step's expressions see; item and index for a step inside a forEach")
            @Nullable
            Object data,

            @Schema(
                    description =
                            "Optional: the workflow's id, for run.workflowId; without data, its pinned sample data is used")
            @Nullable
            String workflowId) {}

    private final StepTester tester;
    private final SampleData samples;

    StepTestController(StepTester tester, SampleData samples) {
        this.tester = tester;
        this.samples = samples;
    }

    @PostMapping("/api/v1/workflows/test-step")
    @RequiresRole(Role.MANAGER)
    @Operation(
            summary = "Run one step for real on the data given, storing no run",
            description = "Side effects included (an http step calls out, an email step sends). One attempt, no"
                    + " retry. Answers 200 with status succeeded, failed or skipped, the output or the error.")
    StepTester.Result test(Caller caller, @RequestBody TestStep request) {
        List<FieldError> errors = new ArrayList<>();
        String stepId = request.stepId();
        if (stepId == null || stepId.isBlank()) {
            errors.add(new FieldError("stepId", "is required"));
        } else if (stepId.length() > MAX_REF) {
            errors.add(new FieldError("stepId", "must be at most " + MAX_REF + " characters"));
        }
        UUID workflow = null;
        if (request.workflowId() != null) {
            try {
                workflow = UUID.fromString(request.workflowId());
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("workflowId", "is not a workflow id"));
            }
        }
        StepTester.Data data = data(request.data(), errors);
        if (request.definition() == null) {
            errors.add(new FieldError("definition", "is required"));
        }
        if (!errors.isEmpty()) {
            throw new ValidationFailed(errors);
        }
        if (request.data() == null && workflow != null) {
            // No data given: the workflow's pinned sample data (404 for another workspace's workflow).
            SampleData.Sample sample = samples.get(caller.workspace(), new WorkflowId(workflow));
            data = new StepTester.Data(sample.trigger(), sample.steps(), null, null);
        }
        return tester.test(caller.workspace(), workflow, request.definition(), stepId, data);
    }

    /** The test's data: {@code trigger} and {@code steps} objects (absent: empty), {@code index} from 0. */
    @SuppressWarnings("unchecked")
    static StepTester.Data data(@Nullable Object data, List<FieldError> errors) {
        if (data != null && !(data instanceof Map<?, ?>)) {
            errors.add(new FieldError("data", "must be an object {trigger, steps, item?, index?}"));
            return new StepTester.Data(Map.of(), Map.of(), null, null);
        }
        Map<String, Object> given = data == null ? Map.of() : (Map<String, Object>) data;
        Object trigger = given.get("trigger");
        Object steps = given.get("steps");
        Object index = given.get("index");
        if (trigger != null && !(trigger instanceof Map<?, ?>)) {
            errors.add(new FieldError("data.trigger", "must be an object ({body, headers, query} or {input})"));
        }
        if (steps != null && !(steps instanceof Map<?, ?>)) {
            errors.add(new FieldError("data.steps", "must be an object mapping step ids to their outputs"));
        }
        Integer itemIndex = null;
        if (index != null) {
            if ((index instanceof Integer || index instanceof Long)
                    && ((Number) index).longValue() >= 0
                    && ((Number) index).longValue() <= Integer.MAX_VALUE) {
                itemIndex = ((Number) index).intValue();
            } else {
                errors.add(new FieldError("data.index", "must be a whole number from 0"));
            }
        }
        return new StepTester.Data(
                trigger instanceof Map<?, ?> t ? new LinkedHashMap<>((Map<String, Object>) t) : Map.of(),
                steps instanceof Map<?, ?> s ? new LinkedHashMap<>((Map<String, Object>) s) : Map.of(),
                given.get("item"),
                itemIndex);
    }
}
