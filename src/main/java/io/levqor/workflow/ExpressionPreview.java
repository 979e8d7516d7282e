package io.levqor.workflow;

import io.levqor.shared.ValidationFailed;
import io.levqor.shared.WorkspaceId;
import io.levqor.workflow.internal.WorkflowSettings;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * What an expression field evaluates to against sample data, as the editor shows it while you type: rendered by
 * {@link Templates}, so with the same time, depth and size limits as in a run.
 */
@Service
public class ExpressionPreview {

    private final Templates templates;
    private final SampleData samples;
    private final WorkflowSettings settings;

    ExpressionPreview(Templates templates, SampleData samples, WorkflowSettings settings) {
        this.templates = templates;
        this.samples = samples;
        this.settings = settings;
    }

    /** The value, or why there is none (a parse error, a failing expression, a limit). */
    public record Result(@Nullable Object value, @Nullable String error) {}

    /**
     * Evaluates {@code expression} — a field's text with its {@code {{ … }}} (text without one is its own value) —
     * on {@code trigger}, {@code steps} (step id → output) and, inside a loop, {@code item} and {@code index}.
     */
    public Result preview(
            String expression,
            Map<String, @Nullable Object> trigger,
            Map<String, @Nullable Object> steps,
            @Nullable Object item,
            @Nullable Integer index,
            @Nullable WorkflowId workflow) {
        // The longest text a definition may hold in one field of expressions, so a preview costs what a save may.
        int max = settings.maxExpressionLength() + 64;
        if (expression.length() > max) {
            throw ValidationFailed.of("expression", "must be at most " + max + " characters");
        }
        List<String> problems = templates.problemsOf(expression);
        if (!problems.isEmpty()) {
            return new Result(null, problems.getFirst());
        }
        Map<String, Object> scope = new HashMap<>();
        Map<String, Object> stepScope = new HashMap<>();
        steps.forEach((id, output) -> {
            Map<String, @Nullable Object> entry = new HashMap<>();
            entry.put("output", output);
            stepScope.put(id, entry);
        });
        scope.put("trigger", trigger);
        scope.put("steps", stepScope);
        scope.put(
                "run",
                Map.of(
                        "id",
                        "00000000-0000-0000-0000-000000000000",
                        "workflowId",
                        workflow == null ? "00000000-0000-0000-0000-000000000000" : workflow.toString()));
        if (item != null || index != null) {
            scope.put("item", item);
            scope.put("index", index);
        }
        try {
            return new Result(templates.render(expression, scope), null);
        } catch (ExpressionFailed e) {
            return new Result(null, e.getMessage());
        }
    }

    /** The same, on the workflow's pinned sample data. */
    public Result previewOnSample(WorkspaceId workspace, WorkflowId workflow, String expression) {
        SampleData.Sample sample = samples.get(workspace, workflow);
        return preview(expression, sample.trigger(), sample.steps(), null, null, workflow);
    }
}
