package io.levqor.workflow;

import com.dashjoin.jsonata.Jsonata;
import io.levqor.workflow.internal.ExpressionEngine;
import io.levqor.workflow.internal.TemplateText;
import io.levqor.workflow.internal.WorkflowSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Renders definitions' templates: JSONata inside {@code {{ … }}}, evaluated within a time, depth and size limit.
 * Thread-safe; compiled expressions are cached.
 */
@Component
public class Templates {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ExpressionEngine engine;

    public Templates(WorkflowSettings settings) {
        this.engine = new ExpressionEngine(settings);
    }

    /** With the default limits, for tests and tools that run without Spring. */
    public static Templates withDefaults() {
        return new Templates(WorkflowSettings.defaults());
    }

    /**
     * Renders a JSON value: a string that is exactly one {@code {{ }}} becomes the expression's JSON value; other
     * strings get the results spliced into their text; maps and lists are rendered member by member.
     */
    public @Nullable Object render(@Nullable Object template, Map<String, Object> scope) {
        return switch (template) {
            case null -> null;
            case String text -> renderString(text, scope);
            case Map<?, ?> map -> {
                Map<String, Object> rendered = new LinkedHashMap<>();
                map.forEach((key, value) -> rendered.put(String.valueOf(key), render(value, scope)));
                yield rendered;
            }
            case List<?> list -> {
                List<Object> rendered = new ArrayList<>(list.size());
                list.forEach(item -> rendered.add(render(item, scope)));
                yield rendered;
            }
            default -> template;
        };
    }

    /** Whether an {@code if} holds: null means yes; otherwise JSONata's truthiness of the rendered value. */
    public boolean test(@Nullable Object condition, Map<String, Object> scope) {
        if (condition == null) {
            return true;
        }
        if (condition instanceof String text && !TemplateText.hasExpression(text)) {
            return !text.isBlank() && !"false".equalsIgnoreCase(text.strip());
        }
        Object value = render(condition, scope);
        return value != null && Jsonata.boolize(value);
    }

    /** Why the template's expressions do not parse, one message each; empty when all of them do. */
    public List<String> problems(@Nullable Object template) {
        List<String> problems = new ArrayList<>();
        collectProblems(template, problems);
        return problems;
    }

    /** Why this one string's expressions do not parse. */
    public List<String> problemsOf(String text) {
        if (!TemplateText.hasExpression(text)) {
            return List.of();
        }
        TemplateText.Parsed parsed = TemplateText.parse(text);
        List<String> problems = new ArrayList<>();
        if (!parsed.ok()) {
            problems.add(parsed.error());
        }
        for (TemplateText.Expression expression : parsed.expressions()) {
            String problem = expressionProblem(expression.source());
            if (!problem.isEmpty()) {
                problems.add(problem);
            }
        }
        return problems;
    }

    /**
     * Why one expression (the text inside {@code {{ }}}) does not parse; empty when it does. The expression is
     * quoted shortened, so that an answer never grows with the size of what was sent.
     */
    public String expressionProblem(String source) {
        String error = engine.parseError(source);
        return error.isEmpty() ? "" : ExpressionEngine.describe(source) + " does not parse: " + error;
    }

    private void collectProblems(@Nullable Object template, List<String> problems) {
        switch (template) {
            case String text -> problems.addAll(problemsOf(text));
            case Map<?, ?> map -> map.values().forEach(value -> collectProblems(value, problems));
            case List<?> list -> list.forEach(item -> collectProblems(item, problems));
            case null, default -> {}
        }
    }

    private @Nullable Object renderString(String text, Map<String, Object> scope) {
        if (!TemplateText.hasExpression(text)) {
            return text;
        }
        TemplateText.Parsed parsed = TemplateText.parse(text);
        if (!parsed.ok()) {
            throw new ExpressionFailed("template '" + text + "' is malformed: " + parsed.error());
        }
        if (parsed.single()) {
            return engine.evaluate(parsed.expressions().getFirst().source(), scope);
        }
        StringBuilder out = new StringBuilder();
        for (TemplateText.Segment segment : parsed.segments()) {
            switch (segment) {
                case TemplateText.Text literal -> out.append(literal.text());
                case TemplateText.Expression expression ->
                    out.append(spliced(engine.evaluate(expression.source(), scope)));
            }
        }
        return out.toString();
    }

    private static String spliced(@Nullable Object value) {
        return switch (value) {
            case null -> "";
            case String s -> s;
            case Number n -> JSON.writeValueAsString(n);
            case Boolean b -> b.toString();
            default -> JSON.writeValueAsString(value);
        };
    }
}
