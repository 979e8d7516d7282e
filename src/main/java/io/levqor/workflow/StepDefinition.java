package io.levqor.workflow;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One step of a definition (immutable: parsed definitions are cached and shared between runs).
 *
 * @param condition the raw {@code if} template; null means always
 * @param timeout the step's own timeout; null leaves it to the engine's default
 * @param credential the name of a workspace credential the step uses
 * @param fields every other member of the step object ({@code url}, {@code body}, {@code output}…), raw templates
 * @param cases a {@code switch}'s cases in order (empty for every other type)
 * @param otherwise a {@code switch}'s {@code default} steps (empty when absent, and for every other type)
 * @param continueOnError {@code "onError": "continue"}: when the step finally fails its output is {@code {error}}
 *     and the run goes on, instead of failing
 * @param body a {@code forEach}'s steps, run once per item (empty for every other type); its {@code fields} hold
 *     {@code items} (a raw template), {@code concurrency} (an Integer) and {@code onItemError}
 * @param branches a {@code parallel}'s branches by name, in definition order (empty for every other type)
 */
public record StepDefinition(
        String id,
        String type,
        @Nullable Object condition,
        RetryPolicy retry,
        @Nullable Duration timeout,
        @Nullable String credential,
        Map<String, Object> fields,
        List<Case> cases,
        List<StepDefinition> otherwise,
        boolean continueOnError,
        List<StepDefinition> body,
        Map<String, List<StepDefinition>> branches) {

    /** The type name of a branching step, which the engine runs itself. */
    public static final String SWITCH = "switch";

    /** The type name of a step that parks the run until a signal (or its timeout), which the engine runs itself. */
    public static final String WAIT = "wait";

    /** The type name of a step whose named branches run concurrently, which the engine runs itself. */
    public static final String PARALLEL = "parallel";

    /** The type name of a loop over items, which the engine runs itself. */
    public static final String FOR_EACH = "forEach";

    /**
     * The type name of a sub-workflow step: it starts a child run of another workflow and parks the run until the
     * child ends, which the engine runs itself. Its {@code fields} hold {@code workflow} (the id) and {@code input}.
     */
    public static final String WORKFLOW = "workflow";

    public StepDefinition {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        cases = List.copyOf(cases);
        otherwise = List.copyOf(otherwise);
        body = List.copyOf(body);
        Map<String, List<StepDefinition>> ordered = new LinkedHashMap<>();
        branches.forEach((name, steps) -> ordered.put(name, List.copyOf(steps)));
        branches = Collections.unmodifiableMap(ordered);
    }

    /** A step that holds no parallel branches. */
    public StepDefinition(
            String id,
            String type,
            @Nullable Object condition,
            RetryPolicy retry,
            @Nullable Duration timeout,
            @Nullable String credential,
            Map<String, Object> fields,
            List<Case> cases,
            List<StepDefinition> otherwise,
            boolean continueOnError,
            List<StepDefinition> body) {
        this(
                id,
                type,
                condition,
                retry,
                timeout,
                credential,
                fields,
                cases,
                otherwise,
                continueOnError,
                body,
                Map.of());
    }

    /** A step that holds no loop body (every type but {@code forEach}). */
    public StepDefinition(
            String id,
            String type,
            @Nullable Object condition,
            RetryPolicy retry,
            @Nullable Duration timeout,
            @Nullable String credential,
            Map<String, Object> fields,
            List<Case> cases,
            List<StepDefinition> otherwise,
            boolean continueOnError) {
        this(id, type, condition, retry, timeout, credential, fields, cases, otherwise, continueOnError, List.of());
    }

    /** A step that holds no others. */
    public StepDefinition(
            String id,
            String type,
            @Nullable Object condition,
            RetryPolicy retry,
            @Nullable Duration timeout,
            @Nullable String credential,
            Map<String, Object> fields) {
        this(id, type, condition, retry, timeout, credential, fields, List.of(), List.of(), false, List.of(), Map.of());
    }

    /** Whether this is a {@code forEach}, whose {@code body} runs once per item. */
    public boolean isForEach() {
        return FOR_EACH.equals(type);
    }

    /** Whether this is a {@code wait}: its {@code fields} hold {@code for}, {@code signal} and {@code onTimeout}. */
    public boolean isWait() {
        return WAIT.equals(type);
    }

    /** Whether this is a {@code wait} with {@code until}: a durable sleep, which no signal resumes. */
    public boolean isSleep() {
        return isWait() && fields.containsKey("until");
    }

    /** Whether this is a {@code parallel}, whose {@code branches} run concurrently. */
    public boolean isParallel() {
        return PARALLEL.equals(type);
    }

    /** Whether this is a {@code workflow} step: a child run of another workflow, awaited without a thread. */
    public boolean isSubWorkflow() {
        return WORKFLOW.equals(type);
    }

    /** Whether this is a {@code switch}, whose steps are its cases' and its default's. */
    public boolean isSwitch() {
        return SWITCH.equals(type);
    }

    /**
     * One case of a {@code switch}.
     *
     * @param when the raw condition template ({@code true}, {@code false} or a {@code {{ … }}} expression)
     */
    public record Case(String name, Object when, List<StepDefinition> steps) {
        public Case {
            steps = List.copyOf(steps);
        }
    }
}
