package io.levqor.workflow.web;

import io.levqor.shared.Caller;
import io.levqor.shared.FieldError;
import io.levqor.shared.RequiresRole;
import io.levqor.shared.Role;
import io.levqor.shared.ValidationFailed;
import io.levqor.workflow.ExpressionPreview;
import io.levqor.workflow.SampleData;
import io.levqor.workflow.WorkflowId;
import io.levqor.workflow.WorkflowNotFound;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The editor's data: a workflow's pinned sample data, its test-webhook capture, and expression previews. */
@RestController
class SampleDataController {

    /** {@code PUT /api/v1/workflows/{id}/sample-data}. */
    record SampleBody(
            @Schema(description = "What expressions see as trigger: {body, headers, query} or {input}") @Nullable
            Object trigger,

            @Schema(description = "Step id → that step's output (what steps.<id>.output reads)") @Nullable
            Object steps) {}

    /** {@code POST /api/v1/expressions/preview}: {@code data}, or {@code workflowId} for its sample data. */
    record PreviewBody(
            @Schema(description = "The field's text with its {{ … }}, e.g. \"Hi {{ trigger.body.name }}\"") @Nullable
            String expression,

            @Schema(description = "{trigger, steps, item?, index?}; absent: the workflow's sample data") @Nullable
            Object data,

            @Schema(description = "The workflow whose pinned sample data to use when data is absent") @Nullable
            String workflowId) {}

    private final SampleData samples;
    private final ExpressionPreview previews;

    SampleDataController(SampleData samples, ExpressionPreview previews) {
        this.samples = samples;
        this.previews = previews;
    }

    @GetMapping("/api/v1/workflows/{id}/sample-data")
    @RequiresRole(Role.VIEWER)
    SampleData.Sample get(Caller caller, @PathVariable String id) {
        return samples.get(caller.workspace(), parse(id));
    }

    @PutMapping("/api/v1/workflows/{id}/sample-data")
    @RequiresRole(Role.MANAGER)
    @Operation(summary = "Pin the workflow's sample data (at most 256 KB of JSON)")
    SampleData.Sample put(Caller caller, @PathVariable String id, @RequestBody SampleBody body) {
        return samples.put(caller.workspace(), parse(id), body.trigger(), body.steps());
    }

    @PostMapping("/api/v1/workflows/{id}/test-webhook/listen")
    @RequiresRole(Role.MANAGER)
    @Operation(
            summary = "Capture the next call to the workflow's webhook URL as sample data, without starting a run",
            description = "Armed for 2 minutes; the captured call is answered 200 {\"captured\": true}. 409 when the"
                    + " workflow has no webhook trigger.")
    SampleData.TestHook listen(Caller caller, @PathVariable String id) {
        return samples.listen(caller.workspace(), parse(id));
    }

    @GetMapping("/api/v1/workflows/{id}/test-webhook")
    @RequiresRole(Role.VIEWER)
    SampleData.TestHook testHook(Caller caller, @PathVariable String id) {
        return samples.testHook(caller.workspace(), parse(id));
    }

    @PostMapping("/api/v1/expressions/preview")
    @RequiresRole(Role.VIEWER)
    @Operation(
            summary = "Evaluate a field's expressions on sample data, with the limits of a run",
            description = "Answers 200 {value} or 200 {error} (the expression's own problem); bad input is a 400.")
    ExpressionPreview.Result preview(Caller caller, @RequestBody PreviewBody body) {
        List<FieldError> errors = new ArrayList<>();
        if (body.expression() == null) {
            errors.add(new FieldError("expression", "is required"));
        }
        WorkflowId workflow = null;
        if (body.workflowId() != null) {
            try {
                workflow = WorkflowId.of(body.workflowId());
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("workflowId", "is not a workflow id"));
            }
        }
        if (body.data() == null && workflow == null) {
            errors.add(new FieldError("data", "give data {trigger, steps} or a workflowId for its sample data"));
        }
        Object data = body.data();
        if (data != null && !(data instanceof Map<?, ?>)) {
            errors.add(new FieldError("data", "must be an object {trigger, steps, item?, index?}"));
        }
        Map<?, ?> given = data instanceof Map<?, ?> map ? map : Map.of();
        Map<String, @Nullable Object> trigger = object(given.get("trigger"), "data.trigger", errors);
        Map<String, @Nullable Object> steps = object(given.get("steps"), "data.steps", errors);
        Integer index = null;
        Object rawIndex = given.get("index");
        if (rawIndex != null) {
            if ((rawIndex instanceof Integer || rawIndex instanceof Long)
                    && ((Number) rawIndex).longValue() >= 0
                    && ((Number) rawIndex).longValue() <= Integer.MAX_VALUE) {
                index = ((Number) rawIndex).intValue();
            } else {
                errors.add(new FieldError("data.index", "must be a whole number from 0"));
            }
        }
        if (!errors.isEmpty()) {
            throw new ValidationFailed(errors);
        }
        String expression = java.util.Objects.requireNonNull(body.expression());
        if (data == null) {
            return previews.previewOnSample(caller.workspace(), java.util.Objects.requireNonNull(workflow), expression);
        }
        if (workflow != null) {
            samples.get(caller.workspace(), workflow); // another workspace's workflow is not found, as everywhere
        }
        return previews.preview(expression, trigger, steps, given.get("item"), index, workflow);
    }

    private static Map<String, @Nullable Object> object(@Nullable Object value, String field, List<FieldError> errors) {
        if (value == null) {
            return new LinkedHashMap<>();
        }
        if (!(value instanceof Map<?, ?> map)) {
            errors.add(new FieldError(field, "must be an object"));
            return new LinkedHashMap<>();
        }
        Map<String, @Nullable Object> copy = new LinkedHashMap<>();
        map.forEach((key, item) -> copy.put(String.valueOf(key), item));
        return copy;
    }

    /** A malformed id names no workflow: 404, like another workspace's id. */
    private static WorkflowId parse(String id) {
        try {
            return WorkflowId.of(id);
        } catch (IllegalArgumentException e) {
            throw WorkflowNotFound.forId(new WorkflowId(new java.util.UUID(0, 0)));
        }
    }
}
