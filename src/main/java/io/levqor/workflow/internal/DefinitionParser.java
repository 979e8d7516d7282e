package io.levqor.workflow.internal;

import io.levqor.connectors.StepType;
import io.levqor.shared.FieldError;
import io.levqor.workflow.CronSchedule;
import io.levqor.workflow.Definition;
import io.levqor.workflow.Durations;
import io.levqor.workflow.RetryPolicy;
import io.levqor.workflow.StepDefinition;
import io.levqor.workflow.Templates;
import io.levqor.workflow.Trigger;
import io.levqor.workflow.WorkflowId;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a definition (parsed JSON: maps, lists, strings, numbers, booleans, nulls) into a {@link Definition},
 * collecting every problem at once, each at the JSON pointer of the offending value inside the definition.
 */
public final class DefinitionParser {

    /** Step ids are plain names so that expressions can say {@code steps.<id>.output} without quoting. */
    public static final Pattern STEP_ID = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");

    static final Set<String> COMMON_STEP_MEMBERS =
            Set.of("id", "type", "if", "retry", "timeout", "credential", "onError");
    private static final Set<String> TOP_LEVEL =
            Set.of("trigger", "steps", "output", "concurrency", "description", "timeout", "dedupe", "onFailure");
    private static final Duration LONGEST_TIMEOUT = Duration.ofHours(1);
    private static final int MOST_CONCURRENCY = 10_000;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * What validating one definition may cost, so that no single request can take more than a fraction of a second
     * of CPU (JSONata's tokenizer is quadratic in the length of one expression, hence the per-expression cap).
     *
     * @param maxDefinitionBytes the largest definition, in bytes of JSON
     * @param maxExpressionLength the longest one {@code {{ … }}} expression, in characters
     * @param maxNesting the deepest brackets, braces and parentheses may nest in one expression
     * @param maxExpressions the most expressions one definition may hold
     * @param maxExpressionChars the most characters all of a definition's expressions may hold together
     * @param timeBox how long checking the expressions may take before validation gives up
     * @param maxErrors the most problems one answer reports
     */
    public record Limits(
            int maxDefinitionBytes,
            int maxExpressionLength,
            int maxNesting,
            int maxExpressions,
            int maxExpressionChars,
            Duration timeBox,
            int maxErrors) {

        public static Limits defaults() {
            return new Limits(256 * 1024, 16_384, 200, 2_000, 65_536, Duration.ofMillis(500), 50);
        }

        /** No limits: for stored definitions, which were within the limits of their day. */
        static Limits none() {
            return new Limits(
                    Integer.MAX_VALUE,
                    Integer.MAX_VALUE,
                    Integer.MAX_VALUE,
                    Integer.MAX_VALUE,
                    Integer.MAX_VALUE,
                    Duration.ofDays(1),
                    Integer.MAX_VALUE);
        }
    }

    private final Map<String, StepType> stepTypes;
    private final Templates templates;
    private final int maxSteps;
    private final @Nullable Predicate<String> credentialExists;
    private final boolean lenient;
    private final Limits limits;

    /**
     * @param credentialExists whether the workspace has a credential of that name; null skips the check
     */
    public DefinitionParser(
            List<StepType> stepTypes, Templates templates, int maxSteps, @Nullable Predicate<String> credentialExists) {
        this(stepTypes, templates, maxSteps, credentialExists, Limits.defaults());
    }

    /** With explicit limits on the size of the definition and the work validation may do. */
    public DefinitionParser(
            List<StepType> stepTypes,
            Templates templates,
            int maxSteps,
            @Nullable Predicate<String> credentialExists,
            Limits limits) {
        this(stepTypes, templates, maxSteps, credentialExists, false, limits);
    }

    private DefinitionParser(
            List<StepType> stepTypes,
            Templates templates,
            int maxSteps,
            @Nullable Predicate<String> credentialExists,
            boolean lenient,
            Limits limits) {
        this.lenient = lenient;
        this.limits = limits;
        Map<String, StepType> byName = new LinkedHashMap<>();
        stepTypes.forEach(type -> byName.put(type.name(), type));
        this.stepTypes = byName;
        this.templates = templates;
        this.maxSteps = maxSteps;
        this.credentialExists = credentialExists;
    }

    /**
     * For definitions read back from storage: they were valid when saved, so a step type that has since gone
     * (a connector removed) must not make their pinned runs unreadable.
     */
    public static DefinitionParser forStored(Templates templates) {
        return new DefinitionParser(List.of(), templates, Integer.MAX_VALUE, null, true, Limits.none());
    }

    /** The definition, or (when {@code errors} is not empty) null. */
    public record Result(@Nullable Definition definition, List<FieldError> errors) {
        public boolean ok() {
            return errors.isEmpty();
        }
    }

    public Result parse(@Nullable Object raw) {
        List<FieldError> errors = new ArrayList<>();
        if (!(raw instanceof Map<?, ?> root)) {
            errors.add(new FieldError("definition", "must be an object with trigger and steps"));
            return new Result(null, errors);
        }
        if (limits.maxDefinitionBytes() < Integer.MAX_VALUE) {
            // Serialising is linear and cheap next to what a too-large definition would cost to check.
            int bytes = JSON.writeValueAsBytes(root).length;
            if (bytes > limits.maxDefinitionBytes()) {
                errors.add(new FieldError(
                        "definition",
                        "is " + bytes + " bytes of JSON; a definition may have at most " + limits.maxDefinitionBytes()
                                + " (levqor.workflow.max-definition-size)"));
                return new Result(null, errors);
            }
        }
        Budget budget = new Budget();
        Result result = parse(root, errors, budget);
        if (result.errors().size() > limits.maxErrors() || budget.stoppedAtErrors) {
            List<FieldError> shown = new ArrayList<>(
                    result.errors().subList(0, Math.min(result.errors().size(), limits.maxErrors() - 1)));
            shown.add(new FieldError(
                    "definition",
                    "may have more problems than the " + limits.maxErrors()
                            + " reported (levqor.workflow.max-reported-errors): fix these and validate again"));
            return new Result(null, shown);
        }
        return result;
    }

    private Result parse(Map<?, ?> root, List<FieldError> errors, Budget budget) {
        for (Object key : root.keySet()) {
            if (!TOP_LEVEL.contains(String.valueOf(key))) {
                errors.add(new FieldError(
                        SchemaCheck.child("", String.valueOf(key)),
                        "is not a known member (expected one of "
                                + TOP_LEVEL.stream().sorted().toList() + ")"));
            }
        }
        if (root.containsKey("description") && !(root.get("description") instanceof String)) {
            errors.add(new FieldError("/description", "must be a string"));
        }
        Trigger trigger = trigger(root.get("trigger"), errors);
        List<StepDefinition> steps = steps(root, errors, budget);
        Object output = root.get("output");
        if (output != null) {
            checkTemplates(output, "/output", allStepIds(root), "", errors, budget);
        }
        Integer concurrency = concurrency(root.get("concurrency"), root.containsKey("concurrency"), errors);
        Duration runTimeout = runTimeout(root, errors);
        String dedupe = dedupe(root, trigger, errors, budget);
        WorkflowId onFailure = onFailure(root, errors);
        if (!errors.isEmpty()) {
            return new Result(null, errors);
        }
        return new Result(
                new Definition(trigger, steps, Frozen.copy(output), concurrency, runTimeout, dedupe, onFailure),
                List.of());
    }

    // ---- trigger ---------------------------------------------------------------------------------------------

    private Trigger trigger(@Nullable Object raw, List<FieldError> errors) {
        if (raw == null) {
            errors.add(new FieldError("/trigger", "is required"));
            return Trigger.manual();
        }
        if (!(raw instanceof Map<?, ?> object)) {
            errors.add(new FieldError("/trigger", "must be an object like {\"type\": \"webhook\"}"));
            return Trigger.manual();
        }
        Object rawType = object.get("type");
        if (rawType == null) {
            errors.add(new FieldError("/trigger/type", "is required (manual, webhook or schedule)"));
            return Trigger.manual();
        }
        String type = rawType instanceof String text ? text : "";
        Map<String, Object> config = new LinkedHashMap<>();
        object.forEach((key, value) -> {
            if (!"type".equals(key)) {
                config.put(String.valueOf(key), Frozen.copy(value));
            }
        });
        Set<String> allowed;
        switch (type) {
            case "manual" -> allowed = Set.of();
            case "webhook" -> {
                allowed = Set.of("respond", "secret");
                webhook(config, errors);
            }
            case "schedule" -> {
                allowed = Set.of("cron", "timezone");
                schedule(config, errors);
            }
            default -> {
                errors.add(new FieldError("/trigger/type", "must be one of manual, webhook, schedule"));
                return Trigger.manual();
            }
        }
        for (String key : config.keySet()) {
            if (!allowed.contains(key)) {
                errors.add(new FieldError(
                        SchemaCheck.child("/trigger", key), "is not a member of a " + type + " trigger"));
            }
        }
        return new Trigger(type, config);
    }

    private static void webhook(Map<String, Object> config, List<FieldError> errors) {
        Object respond = config.get("respond");
        if (config.containsKey("respond") && !"sync".equals(respond) && !"async".equals(respond)) {
            errors.add(new FieldError("/trigger/respond", "must be \"async\" or \"sync\""));
        }
        if (config.containsKey("secret")) {
            if (!(config.get("secret") instanceof String secret) || secret.length() < 16 || secret.length() > 256) {
                errors.add(new FieldError("/trigger/secret", "must be a string of 16 to 256 characters"));
            }
        }
    }

    private static void schedule(Map<String, Object> config, List<FieldError> errors) {
        ZoneId zone = ZoneOffset.UTC;
        if (config.containsKey("timezone")) {
            zone = zone(config.get("timezone"), errors);
        }
        if (!(config.get("cron") instanceof String cron)) {
            errors.add(new FieldError(
                    "/trigger/cron",
                    config.containsKey("cron") ? "must be a string like \"0 9 * * MON-FRI\"" : "is required"));
            return;
        }
        try {
            CronSchedule.parse(cron, zone);
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError("/trigger/cron", e.getMessage()));
        }
    }

    private static ZoneId zone(@Nullable Object raw, List<FieldError> errors) {
        if (raw instanceof String name && !name.isBlank()) {
            try {
                return ZoneId.of(name);
            } catch (DateTimeException e) {
                // reported below
            }
        }
        errors.add(new FieldError("/trigger/timezone", "must be a known time zone like \"Europe/London\" or \"UTC\""));
        return ZoneOffset.UTC;
    }

    // ---- steps -----------------------------------------------------------------------------------------------

    private List<StepDefinition> steps(Map<?, ?> root, List<FieldError> errors, Budget budget) {
        Object raw = root.get("steps");
        if (raw == null) {
            errors.add(new FieldError("/steps", "is required (a list of steps, possibly empty)"));
            return List.of();
        }
        if (!(raw instanceof List<?> list)) {
            errors.add(new FieldError("/steps", "must be an array of steps"));
            return List.of();
        }
        if (list.size() > maxSteps) {
            errors.add(new FieldError("/steps", "must have at most " + maxSteps + " steps"));
            return List.of();
        }
        Set<String> seen = new HashSet<>();
        List<StepDefinition> steps = stepList(list, "/steps", new HashSet<>(), seen, 0, errors, budget);
        if (seen.size() > maxSteps) {
            errors.add(new FieldError(
                    "/steps", "must have at most " + maxSteps + " steps, counting those inside switches"));
        }
        return steps;
    }

    /**
     * The steps of one list (the definition's, or a branch's). {@code visible} holds the ids whose outputs its
     * expressions may read (earlier steps on the way here) and grows as the list goes on; {@code seen} holds every
     * id met so far anywhere, as ids are unique across the whole definition.
     */
    private List<StepDefinition> stepList(
            List<?> list,
            String pointer,
            Set<String> visible,
            Set<String> seen,
            int depth,
            List<FieldError> errors,
            Budget budget) {
        List<StepDefinition> steps = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String at = pointer + "/" + i;
            if (!(list.get(i) instanceof Map<?, ?> object)) {
                errors.add(new FieldError(at, "must be an object with id and type"));
                continue;
            }
            StepDefinition step = step(object, at, visible, seen, depth, errors, budget);
            if (step != null) {
                steps.add(step);
            }
            if (object.get("id") instanceof String id) {
                visible.add(id);
                seen.add(id);
            }
        }
        return steps;
    }

    private @Nullable StepDefinition step(
            Map<?, ?> object,
            String pointer,
            Set<String> earlier,
            Set<String> seen,
            int depth,
            List<FieldError> errors,
            Budget budget) {
        int before = errors.size();
        String id = stepId(object.get("id"), pointer, seen, errors);
        String type = stepType(object.get("type"), pointer, errors);
        if (StepDefinition.SWITCH.equals(type)) {
            return switchStep(object, pointer, id, earlier, seen, depth, errors, budget);
        }
        if (StepDefinition.WAIT.equals(type)) {
            return waitStep(object, pointer, id, earlier, errors, budget);
        }
        if (StepDefinition.FOR_EACH.equals(type)) {
            return forEachStep(object, pointer, id, earlier, seen, depth, errors, budget);
        }
        if (StepDefinition.WORKFLOW.equals(type)) {
            return workflowStep(object, pointer, id, earlier, errors, budget);
        }
        if (StepDefinition.PARALLEL.equals(type)) {
            return parallelStep(object, pointer, id, earlier, seen, depth, errors, budget);
        }
        Object condition = object.get("if");
        condition(condition, pointer + "/if", earlier, id, errors, budget);
        RetryPolicy retry = retry(object.get("retry"), object.containsKey("retry"), pointer + "/retry", errors);
        Duration timeout = timeout(object, pointer, errors);
        String credential = credential(object, pointer, errors);
        Map<String, Object> fields = new LinkedHashMap<>();
        object.forEach((key, value) -> {
            if (!COMMON_STEP_MEMBERS.contains(String.valueOf(key))) {
                fields.put(String.valueOf(key), Frozen.copy(value));
            }
        });
        StepType stepType = type == null ? null : stepTypes.get(type);
        Set<String> literal = stepType == null ? Set.of() : stepType.literalFields();
        if (stepType != null) {
            int beforeSchema = errors.size();
            SchemaCheck.check(stepType.schema(), fields, pointer, errors);
            if (errors.size() == beforeSchema) {
                // Only fields of the right shape are worth the type's own (possibly costly) check.
                long checking = System.nanoTime();
                stepType.check(fields)
                        .forEach(problem -> errors.add(new FieldError(pointer + problem.field(), problem.message())));
                // The time box is for expressions: a step type's own check (compiling a script) has its own limits.
                budget.deadline += System.nanoTime() - checking;
            }
        }
        fields.forEach((name, value) -> {
            if (!literal.contains(name)) {
                checkTemplates(value, SchemaCheck.child(pointer, name), earlier, id, errors, budget);
            }
        });
        boolean continueOnError = continueOnError(object, pointer, errors);
        if (errors.size() > before || id == null || type == null) {
            return null;
        }
        return new StepDefinition(
                id,
                type,
                Frozen.copy(condition),
                retry,
                timeout,
                credential,
                fields,
                List.of(),
                List.of(),
                continueOnError);
    }

    /** The most switches that may nest inside each other. */
    static final int MOST_NESTING = 10;

    private static final Set<String> SWITCH_MEMBERS = Set.of("id", "type", "if", "cases", "default", "onError");

    private static final Set<String> WAIT_MEMBERS =
            Set.of("id", "type", "if", "for", "signal", "timeout", "onTimeout", "onError", "until");

    /** The longest and the default time a {@code wait} waits for its signal. */
    static final Duration LONGEST_WAIT = Duration.ofDays(30);

    /**
     * A {@code wait}: {@code for} is {@code "signal"}, {@code signal} a name, {@code timeout} up to 30 days (its own
     * limit, not a step timeout's), {@code onTimeout} {@code "fail"} (default) or {@code "continue"}.
     */
    private @Nullable StepDefinition waitStep(
            Map<?, ?> object,
            String pointer,
            @Nullable String id,
            Set<String> earlier,
            List<FieldError> errors,
            Budget budget) {
        int before = errors.size();
        for (Object key : object.keySet()) {
            if (!WAIT_MEMBERS.contains(String.valueOf(key))) {
                errors.add(new FieldError(
                        SchemaCheck.child(pointer, String.valueOf(key)),
                        "is not a member of a wait step (id, type, if, for, signal, timeout, onTimeout, onError,"
                                + " until)"));
            }
        }
        Object condition = object.get("if");
        condition(condition, pointer + "/if", earlier, id, errors, budget);
        if (object.containsKey("until")) {
            return sleepStep(object, pointer, id, condition, earlier, errors, budget, before);
        }
        if (!"signal".equals(object.get("for"))) {
            errors.add(new FieldError(
                    pointer + "/for", object.containsKey("for") ? "must be \"signal\"" : "is required (\"signal\")"));
        }
        if (!(object.get("signal") instanceof String signal)
                || !STEP_ID.matcher(signal).matches()) {
            errors.add(new FieldError(
                    pointer + "/signal",
                    object.containsKey("signal")
                            ? "must be a name of letters, digits and '_' (not starting with a digit)"
                            : "is required"));
        }
        Duration timeout = LONGEST_WAIT;
        if (object.containsKey("timeout")) {
            Duration given = duration(object.get("timeout"), pointer + "/timeout", errors);
            if (given != null && (given.isZero() || given.isNegative() || given.compareTo(LONGEST_WAIT) > 0)) {
                errors.add(new FieldError(pointer + "/timeout", "must be more than 0s and at most 30d"));
            } else if (given != null) {
                timeout = given;
            }
        }
        Object onTimeout = object.containsKey("onTimeout") ? object.get("onTimeout") : "fail";
        if (!"fail".equals(onTimeout) && !"continue".equals(onTimeout)) {
            errors.add(new FieldError(pointer + "/onTimeout", "must be \"fail\" or \"continue\""));
        }
        boolean continueOnError = continueOnError(object, pointer, errors);
        if (errors.size() > before || id == null) {
            return null;
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("for", "signal");
        fields.put("signal", object.get("signal"));
        fields.put("onTimeout", onTimeout);
        return new StepDefinition(
                id,
                StepDefinition.WAIT,
                Frozen.copy(condition),
                RetryPolicy.defaults(),
                timeout,
                null,
                fields,
                List.of(),
                List.of(),
                continueOnError);
    }

    /**
     * A durable sleep, {@code {"type": "wait", "until": "{{ … }}"}}: an ISO-8601 instant (or an expression giving
     * one); the members of a signal wait do not apply.
     */
    private @Nullable StepDefinition sleepStep(
            Map<?, ?> object,
            String pointer,
            @Nullable String id,
            @Nullable Object condition,
            Set<String> earlier,
            List<FieldError> errors,
            Budget budget,
            int before) {
        for (String member : List.of("for", "signal", "timeout", "onTimeout")) {
            if (object.containsKey(member)) {
                errors.add(new FieldError(
                        pointer + "/" + member, "applies to a wait for a signal, not to a wait with until"));
            }
        }
        Object until = object.get("until");
        if (!(until instanceof String text) || text.isBlank()) {
            errors.add(new FieldError(
                    pointer + "/until", "must be an ISO-8601 instant or a \"{{ … }}\" expression giving one"));
        } else if (TemplateText.hasExpression(text)) {
            checkTemplates(text, pointer + "/until", earlier, id, errors, budget);
        } else {
            try {
                java.time.Instant.parse(text);
            } catch (DateTimeException e) {
                errors.add(new FieldError(
                        pointer + "/until", "must be an ISO-8601 instant like \"2030-01-01T09:00:00Z\""));
            }
        }
        boolean continueOnError = continueOnError(object, pointer, errors);
        if (errors.size() > before || id == null) {
            return null;
        }
        return new StepDefinition(
                id,
                StepDefinition.WAIT,
                Frozen.copy(condition),
                RetryPolicy.defaults(),
                null,
                null,
                Map.of("until", until),
                List.of(),
                List.of(),
                continueOnError);
    }

    /** A {@code switch}: its cases' and default's steps are parsed like the definition's, one level down. */
    private @Nullable StepDefinition switchStep(
            Map<?, ?> object,
            String pointer,
            @Nullable String id,
            Set<String> earlier,
            Set<String> seen,
            int depth,
            List<FieldError> errors,
            Budget budget) {
        int before = errors.size();
        for (Object key : object.keySet()) {
            if (!SWITCH_MEMBERS.contains(String.valueOf(key))) {
                errors.add(new FieldError(
                        SchemaCheck.child(pointer, String.valueOf(key)),
                        "is not a member of a switch step (id, type, if, cases, default, onError)"));
            }
        }
        if (depth >= MOST_NESTING) {
            errors.add(new FieldError(pointer, "nests switches more than " + MOST_NESTING + " deep"));
            return null;
        }
        Object condition = object.get("if");
        condition(condition, pointer + "/if", earlier, id, errors, budget);
        // Inside its branches the switch's own output ({branch}) is readable; after it, every branch's steps are.
        Set<String> inside = new HashSet<>(earlier);
        if (id != null) {
            inside.add(id);
            seen.add(id);
        }
        List<Set<String>> reached = new ArrayList<>();
        List<StepDefinition.Case> cases = new ArrayList<>();
        Object rawCases = object.get("cases");
        if (!(rawCases instanceof List<?> list) || list.isEmpty()) {
            errors.add(new FieldError(
                    pointer + "/cases",
                    rawCases == null
                            ? "is required (a list of {name, when, steps})"
                            : "must be a non-empty array of {name, when, steps}"));
        } else {
            Set<String> names = new HashSet<>();
            for (int i = 0; i < list.size(); i++) {
                String at = pointer + "/cases/" + i;
                if (!(list.get(i) instanceof Map<?, ?> branch)) {
                    errors.add(new FieldError(at, "must be an object like {\"name\", \"when\", \"steps\"}"));
                    continue;
                }
                for (Object key : branch.keySet()) {
                    if (!Set.of("name", "when", "steps").contains(String.valueOf(key))) {
                        errors.add(new FieldError(
                                SchemaCheck.child(at, String.valueOf(key)),
                                "is not a member of a case (name, when, steps)"));
                    }
                }
                String name = null;
                if (!(branch.get("name") instanceof String text)
                        || !STEP_ID.matcher(text).matches()) {
                    errors.add(new FieldError(
                            at + "/name",
                            branch.containsKey("name")
                                    ? "must be a name of letters, digits and '_' (not starting with a digit)"
                                    : "is required"));
                } else if ("default".equals(text) || !names.add(text)) {
                    errors.add(new FieldError(
                            at + "/name", "must differ from the other cases' names and from \"default\""));
                } else {
                    name = text;
                }
                Object when = branch.get("when");
                if (when == null) {
                    errors.add(new FieldError(at + "/when", "is required (true, false or a \"{{ … }}\" expression)"));
                } else {
                    condition(when, at + "/when", earlier, id, errors, budget);
                }
                Set<String> visible = new HashSet<>(inside);
                List<StepDefinition> steps =
                        branchSteps(branch.get("steps"), at + "/steps", true, visible, seen, depth, errors, budget);
                reached.add(visible);
                if (name != null && when != null) {
                    cases.add(new StepDefinition.Case(name, Frozen.copy(when), steps));
                }
            }
        }
        Set<String> visible = new HashSet<>(inside);
        List<StepDefinition> otherwise = branchSteps(
                object.get("default"),
                pointer + "/default",
                object.containsKey("default"),
                visible,
                seen,
                depth,
                errors,
                budget);
        reached.add(visible);
        reached.forEach(earlier::addAll);
        boolean continueOnError = continueOnError(object, pointer, errors);
        if (errors.size() > before || id == null) {
            return null;
        }
        return new StepDefinition(
                id,
                StepDefinition.SWITCH,
                Frozen.copy(condition),
                RetryPolicy.defaults(),
                null,
                null,
                Map.of(),
                cases,
                otherwise,
                continueOnError);
    }

    private static final Set<String> FOR_EACH_MEMBERS =
            Set.of("id", "type", "if", "items", "concurrency", "onItemError", "steps", "onError");

    /** The most items of one loop that may run at once. */
    public static final int MOST_LOOP_CONCURRENCY = 100;

    /**
     * A {@code forEach}: {@code items} a {@code {{ … }}} expression (or a literal array), {@code concurrency} 1 to
     * {@value #MOST_LOOP_CONCURRENCY} (default 1), {@code onItemError} {@code "fail"} (default) or
     * {@code "continue"}, and {@code steps} parsed like a branch's, where expressions also see {@code item} and
     * {@code index}. The body's own outputs are per item: after the loop only the loop's output is readable.
     */
    private @Nullable StepDefinition forEachStep(
            Map<?, ?> object,
            String pointer,
            @Nullable String id,
            Set<String> earlier,
            Set<String> seen,
            int depth,
            List<FieldError> errors,
            Budget budget) {
        int before = errors.size();
        for (Object key : object.keySet()) {
            if (!FOR_EACH_MEMBERS.contains(String.valueOf(key))) {
                errors.add(new FieldError(
                        SchemaCheck.child(pointer, String.valueOf(key)),
                        "is not a member of a forEach step (id, type, if, items, concurrency, onItemError, steps,"
                                + " onError)"));
            }
        }
        if (depth >= MOST_NESTING) {
            errors.add(new FieldError(pointer, "nests switches and loops more than " + MOST_NESTING + " deep"));
            return null;
        }
        Object condition = object.get("if");
        condition(condition, pointer + "/if", earlier, id, errors, budget);
        Object items = object.get("items");
        if (items == null) {
            errors.add(new FieldError(pointer + "/items", "is required (a \"{{ … }}\" expression giving an array)"));
        } else if (items instanceof String text && TemplateText.hasExpression(text)) {
            checkTemplates(items, pointer + "/items", earlier, id, errors, budget);
        } else if (items instanceof List<?> literal) {
            checkTemplates(literal, pointer + "/items", earlier, id, errors, budget);
        } else {
            errors.add(new FieldError(pointer + "/items", "must be a \"{{ … }}\" expression or an array"));
        }
        int concurrency = 1;
        if (object.containsKey("concurrency")) {
            if (object.get("concurrency") instanceof Number n
                    && n.doubleValue() == Math.rint(n.doubleValue())
                    && n.longValue() >= 1
                    && n.longValue() <= MOST_LOOP_CONCURRENCY) {
                concurrency = n.intValue();
            } else {
                errors.add(new FieldError(
                        pointer + "/concurrency", "must be an integer from 1 to " + MOST_LOOP_CONCURRENCY));
            }
        }
        Object onItemError = object.containsKey("onItemError") ? object.get("onItemError") : "fail";
        if (!"fail".equals(onItemError) && !"continue".equals(onItemError)) {
            errors.add(new FieldError(pointer + "/onItemError", "must be \"fail\" or \"continue\""));
        }
        if (id != null) {
            seen.add(id);
        }
        // The body reads what came before the loop (not the loop itself: it has no output until every item is done).
        Set<String> inside = new HashSet<>(earlier);
        Object rawSteps = object.get("steps");
        List<StepDefinition> body =
                branchSteps(rawSteps, pointer + "/steps", true, inside, seen, depth, errors, budget);
        if (rawSteps instanceof List<?> list && list.isEmpty()) {
            errors.add(new FieldError(pointer + "/steps", "must hold at least one step"));
        }
        refuseWaits(rawSteps, pointer + "/steps", errors, 0);
        boolean continueOnError = continueOnError(object, pointer, errors);
        if (errors.size() > before || id == null) {
            return null;
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("items", Frozen.copy(items));
        fields.put("concurrency", concurrency);
        fields.put("onItemError", onItemError);
        return new StepDefinition(
                id,
                StepDefinition.FOR_EACH,
                Frozen.copy(condition),
                RetryPolicy.defaults(),
                null,
                null,
                fields,
                List.of(),
                List.of(),
                continueOnError,
                body);
    }

    private static final Set<String> WORKFLOW_MEMBERS =
            Set.of("id", "type", "if", "workflow", "input", "retry", "onError");

    /**
     * A sub-workflow, {@code {"type": "workflow", "workflow": "<id>", "input": {…}}}: {@code workflow} a workflow id
     * (a literal UUID, so that the save can check it is the workspace's and that it does not lead back here),
     * {@code input} any JSON value whose strings may hold expressions (the child's {@code trigger.input}). Only the
     * shape is checked here: the workspace and the cycle are checked on save ({@code Workflows.check}).
     */
    private @Nullable StepDefinition workflowStep(
            Map<?, ?> object,
            String pointer,
            @Nullable String id,
            Set<String> earlier,
            List<FieldError> errors,
            Budget budget) {
        int before = errors.size();
        for (Object key : object.keySet()) {
            if (!WORKFLOW_MEMBERS.contains(String.valueOf(key))) {
                errors.add(new FieldError(
                        SchemaCheck.child(pointer, String.valueOf(key)),
                        "is not a member of a workflow step (id, type, if, workflow, input, retry, onError)"));
            }
        }
        Object condition = object.get("if");
        condition(condition, pointer + "/if", earlier, id, errors, budget);
        // A child already retried its own steps: without a retry of its own, a failed child fails the step at once
        // (retrying by default would multiply at every level of nesting).
        RetryPolicy retry = object.containsKey("retry")
                ? retry(object.get("retry"), true, pointer + "/retry", errors)
                : new RetryPolicy(
                        1,
                        RetryPolicy.defaults().initialDelay(),
                        RetryPolicy.defaults().maxDelay());
        if (subWorkflow(object) == null) {
            errors.add(new FieldError(
                    pointer + "/workflow",
                    object.containsKey("workflow") ? "must be a workflow id (a UUID)" : "is required"));
        }
        Object input = object.get("input");
        if (input != null) {
            checkTemplates(input, pointer + "/input", earlier, id, errors, budget);
        }
        boolean continueOnError = continueOnError(object, pointer, errors);
        if (errors.size() > before || id == null) {
            return null;
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("workflow", object.get("workflow"));
        fields.put("input", Frozen.copy(input));
        return new StepDefinition(
                id,
                StepDefinition.WORKFLOW,
                Frozen.copy(condition),
                retry,
                null,
                null,
                fields,
                List.of(),
                List.of(),
                continueOnError);
    }

    /** The workflow a raw {@code workflow} step names, or null when it names none (not a UUID). */
    public static @Nullable WorkflowId subWorkflow(Map<?, ?> step) {
        if (!(step.get("workflow") instanceof String text)) {
            return null;
        }
        try {
            return WorkflowId.of(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * Every {@code workflow} step of a raw definition with its JSON pointer and the workflow it names (when it is a
     * UUID), at any depth: what a save checks against the workspace's workflows.
     */
    public static Map<String, WorkflowId> subWorkflows(@Nullable Object definition) {
        Map<String, WorkflowId> found = new LinkedHashMap<>();
        if (definition instanceof Map<?, ?> root) {
            collectSubWorkflows(root.get("steps"), "/steps", found, 0);
        }
        return found;
    }

    private static void collectSubWorkflows(
            @Nullable Object steps, String pointer, Map<String, WorkflowId> found, int depth) {
        if (!(steps instanceof List<?> list) || depth > MOST_NESTING) {
            return;
        }
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof Map<?, ?> step)) {
                continue;
            }
            String at = pointer + "/" + i;
            if (StepDefinition.WORKFLOW.equals(step.get("type"))) {
                WorkflowId target = subWorkflow(step);
                if (target != null) {
                    found.put(at + "/workflow", target);
                }
            }
            if (step.get("cases") instanceof List<?> cases) {
                for (int c = 0; c < cases.size(); c++) {
                    if (cases.get(c) instanceof Map<?, ?> branch) {
                        collectSubWorkflows(branch.get("steps"), at + "/cases/" + c + "/steps", found, depth + 1);
                    }
                }
            }
            collectSubWorkflows(step.get("default"), at + "/default", found, depth + 1);
            collectSubWorkflows(step.get("steps"), at + "/steps", found, depth + 1);
            if (step.get("branches") instanceof Map<?, ?> branches) {
                for (var branch : branches.entrySet()) {
                    collectSubWorkflows(
                            branch.getValue(),
                            SchemaCheck.child(at + "/branches", String.valueOf(branch.getKey())),
                            found,
                            depth + 1);
                }
            }
        }
    }

    private static final Set<String> PARALLEL_MEMBERS = Set.of("id", "type", "if", "branches", "onError");

    /** The most branches one {@code parallel} may have (each runs on a thread of the job that reaches it). */
    public static final int MOST_BRANCHES = 20;

    /**
     * A {@code parallel}: {@code branches} an object of 1 to {@value #MOST_BRANCHES} named step lists (names like
     * step ids), each parsed like a switch branch's, seeing the steps before the parallel and the earlier steps of
     * its own branch. After the parallel only its output ({@code {<branch>: <last output>}}) is readable.
     */
    private @Nullable StepDefinition parallelStep(
            Map<?, ?> object,
            String pointer,
            @Nullable String id,
            Set<String> earlier,
            Set<String> seen,
            int depth,
            List<FieldError> errors,
            Budget budget) {
        int before = errors.size();
        for (Object key : object.keySet()) {
            if (!PARALLEL_MEMBERS.contains(String.valueOf(key))) {
                errors.add(new FieldError(
                        SchemaCheck.child(pointer, String.valueOf(key)),
                        "is not a member of a parallel step (id, type, if, branches, onError)"));
            }
        }
        if (depth >= MOST_NESTING) {
            errors.add(new FieldError(pointer, "nests switches and loops more than " + MOST_NESTING + " deep"));
            return null;
        }
        Object condition = object.get("if");
        condition(condition, pointer + "/if", earlier, id, errors, budget);
        if (id != null) {
            seen.add(id);
        }
        Map<String, List<StepDefinition>> branches = new LinkedHashMap<>();
        Object raw = object.get("branches");
        if (!(raw instanceof Map<?, ?> lanes) || lanes.isEmpty() || lanes.size() > MOST_BRANCHES) {
            errors.add(new FieldError(
                    pointer + "/branches",
                    raw == null
                            ? "is required (an object of named step lists)"
                            : "must be an object of 1 to " + MOST_BRANCHES + " named step lists"));
        } else {
            lanes.forEach((key, lane) -> {
                String name = String.valueOf(key);
                String at = SchemaCheck.child(pointer + "/branches", name);
                if (!STEP_ID.matcher(name).matches()) {
                    errors.add(new FieldError(
                            at, "must be named with letters, digits and '_' (not starting with a digit)"));
                }
                // Each branch reads what came before the parallel and its own earlier steps, never another branch's.
                branches.put(name, branchSteps(lane, at, true, new HashSet<>(earlier), seen, depth, errors, budget));
                refuseWaits(lane, at, errors, 0, "a parallel branch (branches cannot park)");
            });
        }
        boolean continueOnError = continueOnError(object, pointer, errors);
        if (errors.size() > before || id == null) {
            return null;
        }
        return new StepDefinition(
                id,
                StepDefinition.PARALLEL,
                Frozen.copy(condition),
                RetryPolicy.defaults(),
                null,
                null,
                Map.of(),
                List.of(),
                List.of(),
                continueOnError,
                List.of(),
                branches);
    }

    /** A loop's items run inside the loop's job, which cannot park: no {@code wait} anywhere in its body. */
    private static void refuseWaits(@Nullable Object steps, String pointer, List<FieldError> errors, int depth) {
        refuseWaits(steps, pointer, errors, depth, "a forEach (its items cannot park)");
    }

    /** Like the other, {@code where} naming what holds the steps in the message. */
    private static void refuseWaits(
            @Nullable Object steps, String pointer, List<FieldError> errors, int depth, String where) {
        if (!(steps instanceof List<?> list) || depth > MOST_NESTING) {
            return;
        }
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof Map<?, ?> step)) {
                continue;
            }
            String at = pointer + "/" + i;
            if (StepDefinition.WAIT.equals(step.get("type"))) {
                errors.add(new FieldError(at + "/type", "a wait cannot run inside " + where));
            }
            if (StepDefinition.WORKFLOW.equals(step.get("type"))) {
                errors.add(new FieldError(at + "/type", "a workflow step cannot run inside " + where));
            }
            if (step.get("cases") instanceof List<?> cases) {
                for (int c = 0; c < cases.size(); c++) {
                    if (cases.get(c) instanceof Map<?, ?> branch) {
                        refuseWaits(branch.get("steps"), at + "/cases/" + c + "/steps", errors, depth + 1, where);
                    }
                }
            }
            refuseWaits(step.get("default"), at + "/default", errors, depth + 1, where);
            if (!StepDefinition.FOR_EACH.equals(step.get("type"))) {
                // A nested loop reports its own body's waits (a nested parallel, its branches': it has no "steps").
                refuseWaits(step.get("steps"), at + "/steps", errors, depth + 1, where);
            }
        }
    }

    /** {@code "onError": "fail"} (the default) or {@code "continue"}. */
    private static boolean continueOnError(Map<?, ?> object, String pointer, List<FieldError> errors) {
        if (!object.containsKey("onError")) {
            return false;
        }
        Object raw = object.get("onError");
        if (!"fail".equals(raw) && !"continue".equals(raw)) {
            errors.add(new FieldError(pointer + "/onError", "must be \"fail\" or \"continue\""));
        }
        return "continue".equals(raw);
    }

    private List<StepDefinition> branchSteps(
            @Nullable Object raw,
            String pointer,
            boolean present,
            Set<String> visible,
            Set<String> seen,
            int depth,
            List<FieldError> errors,
            Budget budget) {
        if (!present) {
            return List.of();
        }
        if (!(raw instanceof List<?> list)) {
            errors.add(new FieldError(
                    pointer,
                    raw == null ? "is required (a list of steps, possibly empty)" : "must be an array of steps"));
            return List.of();
        }
        if (list.size() > maxSteps) {
            errors.add(new FieldError(pointer, "must have at most " + maxSteps + " steps"));
            return List.of();
        }
        return stepList(list, pointer, visible, seen, depth + 1, errors, budget);
    }

    /** An {@code if} or a case's {@code when}: true, false or a {@code {{ … }}} expression. */
    private void condition(
            @Nullable Object condition,
            String pointer,
            Set<String> visible,
            @Nullable String self,
            List<FieldError> errors,
            Budget budget) {
        if (condition != null && !(condition instanceof Boolean)) {
            if (condition instanceof String text && TemplateText.hasExpression(text)) {
                checkTemplates(condition, pointer, visible, self, errors, budget);
            } else {
                errors.add(new FieldError(pointer, "must be true, false or a \"{{ … }}\" expression"));
            }
        }
    }

    private static @Nullable String stepId(
            @Nullable Object raw, String pointer, Set<String> earlier, List<FieldError> errors) {
        if (raw == null) {
            errors.add(new FieldError(pointer + "/id", "is required"));
            return null;
        }
        if (!(raw instanceof String id) || !STEP_ID.matcher(id).matches()) {
            errors.add(new FieldError(
                    pointer + "/id",
                    "must be a name of letters, digits and '_' (not starting with a digit), at most 64 characters"));
            return null;
        }
        if (earlier.contains(id)) {
            errors.add(new FieldError(pointer + "/id", "duplicates the id of an earlier step: '" + id + "'"));
            return null;
        }
        return id;
    }

    private @Nullable String stepType(@Nullable Object raw, String pointer, List<FieldError> errors) {
        if (raw == null) {
            errors.add(new FieldError(pointer + "/type", "is required"));
            return null;
        }
        if (lenient && raw instanceof String type) {
            return type;
        }
        if (StepDefinition.SWITCH.equals(raw)
                || StepDefinition.WAIT.equals(raw)
                || StepDefinition.FOR_EACH.equals(raw)
                || StepDefinition.WORKFLOW.equals(raw)
                || StepDefinition.PARALLEL.equals(raw)) {
            return (String) raw;
        }
        if (!(raw instanceof String type) || !stepTypes.containsKey(type)) {
            List<String> known = new ArrayList<>(stepTypes.keySet());
            known.add(StepDefinition.SWITCH);
            known.add(StepDefinition.WAIT);
            known.add(StepDefinition.FOR_EACH);
            known.add(StepDefinition.WORKFLOW);
            known.add(StepDefinition.PARALLEL);
            errors.add(new FieldError(
                    pointer + "/type",
                    "must be a known step type ("
                            + String.join(", ", known.stream().sorted().toList()) + ")"));
            return null;
        }
        return type;
    }

    private static RetryPolicy retry(@Nullable Object raw, boolean present, String pointer, List<FieldError> errors) {
        RetryPolicy defaults = RetryPolicy.defaults();
        if (!present) {
            return defaults;
        }
        if (!(raw instanceof Map<?, ?> object)) {
            errors.add(
                    new FieldError(pointer, "must be an object like {\"maxAttempts\": 5, \"initialDelay\": \"1s\"}"));
            return defaults;
        }
        for (Object key : object.keySet()) {
            if (!Set.of("maxAttempts", "backoff", "initialDelay", "maxDelay").contains(String.valueOf(key))) {
                errors.add(new FieldError(
                        SchemaCheck.child(pointer, String.valueOf(key)),
                        "is not a member of retry (maxAttempts, backoff, initialDelay, maxDelay)"));
            }
        }
        int maxAttempts = defaults.maxAttempts();
        if (object.containsKey("maxAttempts")) {
            if (object.get("maxAttempts") instanceof Number n
                    && n.doubleValue() == Math.rint(n.doubleValue())
                    && n.longValue() >= 1
                    && n.longValue() <= RetryPolicy.MAX_ATTEMPTS_LIMIT) {
                maxAttempts = n.intValue();
            } else {
                errors.add(new FieldError(
                        pointer + "/maxAttempts", "must be an integer from 1 to " + RetryPolicy.MAX_ATTEMPTS_LIMIT));
            }
        }
        if (object.containsKey("backoff") && !"exponential".equals(object.get("backoff"))) {
            errors.add(new FieldError(pointer + "/backoff", "must be \"exponential\""));
        }
        Duration initial = object.containsKey("initialDelay")
                ? delay(object.get("initialDelay"), pointer + "/initialDelay", errors)
                : defaults.initialDelay();
        Duration max = object.containsKey("maxDelay")
                ? delay(object.get("maxDelay"), pointer + "/maxDelay", errors)
                : defaults.maxDelay();
        if (initial != null && max != null && max.compareTo(initial) < 0) {
            if (object.containsKey("maxDelay")) {
                errors.add(new FieldError(pointer + "/maxDelay", "must not be shorter than initialDelay"));
            } else {
                max = initial;
            }
        }
        return new RetryPolicy(
                maxAttempts,
                initial == null ? defaults.initialDelay() : initial,
                max == null ? defaults.maxDelay() : max);
    }

    private static @Nullable Duration delay(@Nullable Object raw, String pointer, List<FieldError> errors) {
        Duration duration = duration(raw, pointer, errors);
        if (duration == null) {
            return null;
        }
        if (duration.isNegative() || duration.compareTo(RetryPolicy.LONGEST_DELAY) > 0) {
            errors.add(new FieldError(pointer, "must be between 0s and 1d"));
            return null;
        }
        return duration;
    }

    private static @Nullable Duration timeout(Map<?, ?> object, String pointer, List<FieldError> errors) {
        if (!object.containsKey("timeout")) {
            return null;
        }
        Duration timeout = duration(object.get("timeout"), pointer + "/timeout", errors);
        if (timeout != null && (timeout.isZero() || timeout.isNegative() || timeout.compareTo(LONGEST_TIMEOUT) > 0)) {
            errors.add(new FieldError(pointer + "/timeout", "must be more than 0s and at most 1h"));
            return null;
        }
        return timeout;
    }

    private static @Nullable Duration duration(@Nullable Object raw, String pointer, List<FieldError> errors) {
        if (raw instanceof String text) {
            try {
                return Durations.parse(text);
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError(pointer, e.getMessage()));
                return null;
            }
        }
        errors.add(new FieldError(pointer, "must be a duration like \"10s\", \"5m\" or \"PT1M30S\""));
        return null;
    }

    private @Nullable String credential(Map<?, ?> object, String pointer, List<FieldError> errors) {
        if (!object.containsKey("credential")) {
            return null;
        }
        if (!(object.get("credential") instanceof String name) || name.isBlank()) {
            errors.add(new FieldError(pointer + "/credential", "must be the name of a credential"));
            return null;
        }
        if (credentialExists != null && !credentialExists.test(name)) {
            errors.add(
                    new FieldError(pointer + "/credential", "names no credential of this workspace: '" + name + "'"));
            return null;
        }
        return name;
    }

    /** The longest run deadline: a run is not meant to live longer than a month. */
    static final Duration LONGEST_RUN_TIMEOUT = Duration.ofDays(30);

    private static @Nullable Duration runTimeout(Map<?, ?> root, List<FieldError> errors) {
        if (!root.containsKey("timeout")) {
            return null;
        }
        Duration timeout = duration(root.get("timeout"), "/timeout", errors);
        if (timeout != null
                && (timeout.isZero() || timeout.isNegative() || timeout.compareTo(LONGEST_RUN_TIMEOUT) > 0)) {
            errors.add(new FieldError("/timeout", "must be more than 0s and at most 30d"));
            return null;
        }
        return timeout;
    }

    /**
     * {@code "dedupe": "{{ trigger.headers.'x-github-delivery' }}"}: a webhook's delivery key, rendered per delivery
     * with only {@code trigger} in scope (no step has run yet), hence no step may be referred to.
     */
    private @Nullable String dedupe(Map<?, ?> root, Trigger trigger, List<FieldError> errors, Budget budget) {
        if (!root.containsKey("dedupe")) {
            return null;
        }
        if (!(root.get("dedupe") instanceof String text) || !TemplateText.hasExpression(text)) {
            errors.add(new FieldError(
                    "/dedupe",
                    "must be a string with a {{ }} expression, like \"{{ trigger.headers.'x-delivery' }}\""));
            return null;
        }
        if (!trigger.isWebhook()) {
            errors.add(new FieldError("/dedupe", "applies only to a webhook trigger"));
        }
        checkTemplates(text, "/dedupe", Set.of(), null, errors, budget);
        return text;
    }

    /**
     * {@code "onFailure": {"workflow": "<id>"}}: the error workflow. Only its shape is checked here; that it names a
     * workflow of the same workspace is checked on save (see {@code Workflows.check}).
     */
    public static @Nullable WorkflowId onFailure(Map<?, ?> root, List<FieldError> errors) {
        if (!root.containsKey("onFailure")) {
            return null;
        }
        if (!(root.get("onFailure") instanceof Map<?, ?> object)) {
            errors.add(new FieldError("/onFailure", "must be an object like {\"workflow\": \"<workflow id>\"}"));
            return null;
        }
        for (Object key : object.keySet()) {
            if (!"workflow".equals(key)) {
                errors.add(new FieldError(
                        SchemaCheck.child("/onFailure", String.valueOf(key)),
                        "is not a member of onFailure (workflow)"));
            }
        }
        if (!(object.get("workflow") instanceof String id)) {
            errors.add(new FieldError(
                    "/onFailure/workflow",
                    object.containsKey("workflow") ? "must be a workflow id (a UUID)" : "is required"));
            return null;
        }
        try {
            return WorkflowId.of(id);
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError("/onFailure/workflow", "must be a workflow id (a UUID)"));
            return null;
        }
    }

    private static @Nullable Integer concurrency(@Nullable Object raw, boolean present, List<FieldError> errors) {
        if (!present || raw == null) {
            return null;
        }
        if (raw instanceof Number n
                && n.doubleValue() == Math.rint(n.doubleValue())
                && n.longValue() >= 1
                && n.longValue() <= MOST_CONCURRENCY) {
            return n.intValue();
        }
        errors.add(new FieldError("/concurrency", "must be an integer from 1 to " + MOST_CONCURRENCY + " (or null)"));
        return null;
    }

    // ---- expressions -----------------------------------------------------------------------------------------

    private static Set<String> allStepIds(Map<?, ?> root) {
        Set<String> ids = new HashSet<>();
        collectIds(root.get("steps"), ids, 0);
        return ids;
    }

    private static void collectIds(@Nullable Object steps, Set<String> ids, int depth) {
        if (!(steps instanceof List<?> list) || depth > MOST_NESTING) {
            return;
        }
        for (Object step : list) {
            if (step instanceof Map<?, ?> object) {
                if (object.get("id") instanceof String id) {
                    ids.add(id);
                }
                if (object.get("cases") instanceof List<?> cases) {
                    cases.forEach(c -> {
                        if (c instanceof Map<?, ?> branch) {
                            collectIds(branch.get("steps"), ids, depth + 1);
                        }
                    });
                }
                collectIds(object.get("default"), ids, depth + 1);
            }
        }
    }

    /** Every string in the value: its expressions must parse and may only read the outputs of earlier steps. */
    private void checkTemplates(
            @Nullable Object value,
            String pointer,
            Set<String> visible,
            @Nullable String self,
            List<FieldError> errors,
            Budget budget) {
        switch (value) {
            case String text
            when TemplateText.hasExpression(text) -> {
                TemplateText.Parsed parsed = TemplateText.parse(text);
                if (!parsed.ok()) {
                    errors.add(new FieldError(pointer, parsed.error()));
                }
                for (TemplateText.Expression expression : parsed.expressions()) {
                    if (!withinBudget(expression, pointer, errors, budget)) {
                        continue;
                    }
                    String problem = templates.expressionProblem(expression.source());
                    if (!problem.isEmpty()) {
                        // Step references are only looked for in expressions that parse.
                        errors.add(new FieldError(pointer, problem));
                        continue;
                    }
                    for (String referenced : StepReferences.in(expression.source())) {
                        if (referenced.equals(self)) {
                            errors.add(new FieldError(
                                    pointer, "refers to the output of its own step '" + referenced + "'"));
                        } else if (!visible.contains(referenced)) {
                            errors.add(new FieldError(
                                    pointer, "refers to step '" + referenced + "', which is not an earlier step"));
                        }
                    }
                }
            }
            case Map<?, ?> map ->
                map.forEach((key, member) -> checkTemplates(
                        member, SchemaCheck.child(pointer, String.valueOf(key)), visible, self, errors, budget));
            case List<?> list -> {
                for (int i = 0; i < list.size(); i++) {
                    checkTemplates(list.get(i), pointer + "/" + i, visible, self, errors, budget);
                }
            }
            case null, default -> {}
        }
    }

    /** What the expressions checked so far have used of the limits; one per {@link #parse(Object)} call. */
    private final class Budget {
        private long deadline = System.nanoTime() + limits.timeBox().toNanos();
        private int expressions;
        private long chars;
        private boolean spent;
        private boolean stoppedAtErrors;
    }

    /**
     * Whether the expression may be compiled: it is short and shallow enough, and the definition's expressions
     * together are within their count, size, time and error limits. Reports the first limit broken, at the
     * expression's pointer; once a definition-wide limit is reached no further expression is compiled.
     */
    private boolean withinBudget(
            TemplateText.Expression expression, String pointer, List<FieldError> errors, Budget spending) {
        if (errors.size() >= limits.maxErrors()) {
            spending.stoppedAtErrors = true;
            return false;
        }
        if (spending.spent) {
            return false;
        }
        String source = expression.source();
        spending.expressions++;
        spending.chars += source.length();
        if (spending.expressions > limits.maxExpressions()) {
            spending.spent = true;
            errors.add(new FieldError(
                    pointer,
                    "is past the limit of " + limits.maxExpressions()
                            + " expressions in one definition (levqor.workflow.max-expressions)"));
            return false;
        }
        if (spending.chars > limits.maxExpressionChars()) {
            spending.spent = true;
            errors.add(new FieldError(
                    pointer,
                    "is past the limit of " + limits.maxExpressionChars()
                            + " characters of expressions in one definition (levqor.workflow.max-expression-chars)"));
            return false;
        }
        // Wall time: requests run on virtual threads, whose CPU time the JVM does not measure.
        if (System.nanoTime() - spending.deadline >= 0) {
            spending.spent = true;
            errors.add(new FieldError(
                    pointer,
                    "was not checked: checking the definition's expressions took longer than "
                            + limits.timeBox().toMillis() + " ms (levqor.workflow.validation-time-box)"));
            return false;
        }
        if (source.length() > limits.maxExpressionLength()) {
            errors.add(new FieldError(
                    pointer,
                    "holds an expression of " + source.length() + " characters (at character " + expression.offset()
                            + "); the limit is " + limits.maxExpressionLength()
                            + " (levqor.workflow.max-expression-length)"));
            return false;
        }
        int depth = TemplateText.nesting(source);
        if (depth > limits.maxNesting()) {
            errors.add(new FieldError(
                    pointer,
                    "holds an expression nested " + depth + " deep (at character " + expression.offset()
                            + "); the limit is " + limits.maxNesting() + " (levqor.workflow.expression-max-depth)"));
            return false;
        }
        return true;
    }
}
