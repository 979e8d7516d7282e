package io.levqor.console.workflows;

import io.levqor.console.security.ConsoleSession.Signed;
import io.levqor.console.web.ConsoleRole;
import io.levqor.console.web.Flash;
import io.levqor.engine.RunId;
import io.levqor.engine.RunSampling;
import io.levqor.engine.RunView;
import io.levqor.engine.Runs;
import io.levqor.shared.FieldError;
import io.levqor.shared.Role;
import io.levqor.shared.ValidationFailed;
import io.levqor.workflow.ExpressionPreview;
import io.levqor.workflow.SampleData;
import io.levqor.workflow.WorkflowId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tools.jackson.databind.json.JsonMapper;

/**
 * The editor's sample data, expression previews and paths, and the test-webhook capture (stepform.js calls these as
 * JSON); "Use this run's data as sample" on a run. Each calls the same facade as its {@code /api/v1} twin.
 */
@Controller
class SamplePages {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final SampleData samples;
    private final ExpressionPreview previews;
    private final RunSampling runSampling;
    private final Runs runs;

    SamplePages(SampleData samples, ExpressionPreview previews, RunSampling runSampling, Runs runs) {
        this.samples = samples;
        this.previews = previews;
        this.runSampling = runSampling;
        this.runs = runs;
    }

    @GetMapping(value = "/console/workflows/{id}/sample-data", produces = "application/json")
    @ResponseBody
    SampleData.Sample sample(Signed signed, @PathVariable UUID id) {
        return samples.get(signed.caller().workspace(), new WorkflowId(id));
    }

    @PostMapping(value = "/console/workflows/{id}/sample-data", produces = "application/json")
    @ConsoleRole(Role.MANAGER)
    @ResponseBody
    ResponseEntity<Object> pin(Signed signed, @PathVariable UUID id, @RequestParam(defaultValue = "") String data) {
        Map<String, Object> given = object(data);
        if (given == null) {
            return problem("data", "must be a JSON object {trigger, steps}");
        }
        try {
            return ResponseEntity.ok(samples.put(
                    signed.caller().workspace(), new WorkflowId(id), given.get("trigger"), given.get("steps")));
        } catch (ValidationFailed invalid) {
            return ResponseEntity.badRequest().body(Map.of("problems", invalid.errors()));
        }
    }

    /** What an expression field evaluates to against the sample data given (the same limits as runs). */
    @PostMapping(value = "/console/expressions/preview", produces = "application/json")
    @ResponseBody
    ResponseEntity<Object> preview(
            Signed signed,
            @RequestParam(defaultValue = "") String expression,
            @RequestParam(defaultValue = "") String data,
            @RequestParam(required = false) @Nullable UUID workflowId) {
        Map<String, Object> given = object(data);
        if (given == null) {
            return problem("data", "must be a JSON object {trigger, steps}");
        }
        try {
            return ResponseEntity.ok(previews.preview(
                    expression,
                    map(given.get("trigger")),
                    map(given.get("steps")),
                    given.get("item"),
                    given.get("index") instanceof Integer index ? index : null,
                    workflowId == null ? null : new WorkflowId(workflowId)));
        } catch (ValidationFailed invalid) {
            return ResponseEntity.badRequest().body(Map.of("problems", invalid.errors()));
        }
    }

    /** The paths to complete: from the sample data, the last run and the steps of the current version. */
    @GetMapping(value = "/console/workflows/{id}/expression-paths", produces = "application/json")
    @ResponseBody
    Map<String, List<String>> paths(Signed signed, @PathVariable UUID id) {
        return Map.of("paths", runSampling.expressionPaths(signed.caller().workspace(), new WorkflowId(id)));
    }

    @PostMapping(value = "/console/workflows/{id}/test-webhook/listen", produces = "application/json")
    @ConsoleRole(Role.MANAGER)
    @ResponseBody
    SampleData.TestHook listen(Signed signed, @PathVariable UUID id) {
        return samples.listen(signed.caller().workspace(), new WorkflowId(id));
    }

    @GetMapping(value = "/console/workflows/{id}/test-webhook", produces = "application/json")
    @ResponseBody
    SampleData.TestHook testHook(Signed signed, @PathVariable UUID id) {
        return samples.testHook(signed.caller().workspace(), new WorkflowId(id));
    }

    /** "Use this run's data as sample": its trigger and step outputs become its workflow's sample data. */
    @PostMapping("/console/runs/{id}/sample-data")
    @ConsoleRole(Role.MANAGER)
    String useRun(Signed signed, @PathVariable UUID id, RedirectAttributes redirect) {
        RunView run = runs.find(signed.caller().workspace(), new RunId(id));
        try {
            runSampling.useAsSample(signed.caller().workspace(), new RunId(id));
            Flash.ok(redirect, "This run's data is now the workflow's sample data.");
            return "redirect:/console/workflows/" + run.workflowId();
        } catch (ValidationFailed invalid) {
            Flash.error(
                    redirect,
                    "Not used as sample: "
                            + invalid.errors().stream()
                                    .map(e -> e.field() + " " + e.message())
                                    .collect(Collectors.joining("; ")));
            return "redirect:/console/runs/" + id;
        }
    }

    @SuppressWarnings("unchecked")
    private static @Nullable Map<String, Object> object(String text) {
        if (text.isBlank()) {
            return Map.of();
        }
        try {
            return JSON.readValue(text, Object.class) instanceof Map<?, ?> map ? (Map<String, Object>) map : null;
        } catch (tools.jackson.core.JacksonException malformed) {
            return null;
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, @Nullable Object> map(@Nullable Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, @Nullable Object>) map : Map.of();
    }

    private static ResponseEntity<Object> problem(String field, String message) {
        return ResponseEntity.badRequest().body(Map.of("problems", List.of(new FieldError(field, message))));
    }
}
