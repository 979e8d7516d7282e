package io.levqor.engine.web;

import io.levqor.engine.RetryVersion;
import io.levqor.engine.RunFilter;
import io.levqor.engine.RunId;
import io.levqor.engine.RunPage;
import io.levqor.engine.RunStatus;
import io.levqor.engine.RunView;
import io.levqor.engine.Runs;
import io.levqor.shared.Caller;
import io.levqor.shared.FieldError;
import io.levqor.shared.RequiresRole;
import io.levqor.shared.Role;
import io.levqor.shared.ValidationFailed;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Runs of the caller's workspace: list (dead letters with {@code status=failed}), inspect, cancel, retry. */
@RestController
@RequestMapping("/api/v1/runs")
class RunController {

    private static final java.util.regex.Pattern TRIGGER = java.util.regex.Pattern.compile("[a-z][a-z-]{0,31}");

    /** The longest search text. */
    static final int MAX_TEXT = 200;

    private final Runs runs;

    RunController(Runs runs) {
        this.runs = runs;
    }

    @GetMapping
    @RequiresRole(Role.VIEWER)
    RunPage list(
            Caller caller,
            @RequestParam(required = false) @Nullable String workflowId,
            @RequestParam(required = false) @Nullable String status,
            @RequestParam(required = false) @Nullable String from,
            @RequestParam(required = false) @Nullable String to,
            @Parameter(
                            description =
                                    "The trigger type: api, manual, webhook, schedule, … Looked for among the newest"
                                            + " 5,000 runs the other filters select, per call (nextCursor goes on).")
                    @RequestParam(required = false)
                    @Nullable
                    String trigger,
            @Parameter(
                            description =
                                    "Text found, case insensitively, in the run's input or error. Looked for among"
                                            + " the newest 5,000 runs the other filters select, per call: a page can be short, even"
                                            + " empty, and still have a nextCursor.")
                    @RequestParam(required = false)
                    @Nullable
                    String q,
            @Parameter(description = "Only the child runs that this run's workflow (sub-workflow) steps started.")
                    @RequestParam(required = false)
                    @Nullable
                    String parentRunId,
            @RequestParam(required = false) @Nullable String cursor,
            @RequestParam(defaultValue = "50") int limit) {
        List<FieldError> errors = new ArrayList<>();
        UUID workflow = parse(workflowId, "workflowId", errors, UUID::fromString);
        RunStatus runStatus = parse(status, "status", errors, RunStatus::fromApiName);
        Instant fromTime = parse(from, "from", errors, Instant::parse);
        Instant toTime = parse(to, "to", errors, Instant::parse);
        UUID parent = parse(parentRunId, "parentRunId", errors, UUID::fromString);
        String triggerType = trigger == null || trigger.isBlank() ? null : trigger.strip();
        if (triggerType != null && !TRIGGER.matcher(triggerType).matches()) {
            errors.add(new FieldError("trigger", "'" + trigger + "' is not a trigger type"));
        }
        String text = q == null || q.isBlank() ? null : q.strip();
        if (text != null && text.length() > MAX_TEXT) {
            errors.add(new FieldError("q", "must be at most " + MAX_TEXT + " characters"));
        }
        if (limit < 1 || limit > Runs.MAX_PAGE) {
            errors.add(new FieldError("limit", "must be between 1 and " + Runs.MAX_PAGE));
        }
        if (!errors.isEmpty()) {
            throw new ValidationFailed(errors);
        }
        return runs.list(
                caller.workspace(),
                new RunFilter(workflow, runStatus, fromTime, toTime, triggerType, text, parent),
                cursor,
                limit);
    }

    @GetMapping("/{id}")
    @RequiresRole(Role.VIEWER)
    RunView get(Caller caller, @PathVariable String id) {
        return runs.find(caller.workspace(), runId(id));
    }

    @PostMapping("/{id}/cancel")
    @RequiresRole(Role.USER)
    RunView cancel(Caller caller, @PathVariable String id) {
        return runs.cancel(caller.workspace(), runId(id));
    }

    /** {@code POST /api/v1/runs/{id}/retry}'s optional body. */
    record RetryRequest(
            @Schema(
                    description = "The version to go on with: \"latest\" (the workflow's current version) or a"
                            + " version number. Absent: the run's own version. On another version the run goes"
                            + " on from the step with the failed step's path there; an unknown version, or one"
                            + " without that step, is a 400 naming `version`.",
                    oneOf = {Integer.class, String.class},
                    example = "latest")
            @Nullable
            Object version) {}

    @PostMapping("/{id}/retry")
    @RequiresRole(Role.USER)
    @Operation(
            summary = "Retry a failed run from the step that failed",
            description = "Keeps the outputs of the steps before it. By default on the version the run pinned;"
                    + " {\"version\": \"latest\"} or {\"version\": N} goes on with another version of the workflow.")
    RunView retry(Caller caller, @PathVariable String id, @RequestBody(required = false) @Nullable RetryRequest body) {
        RunId run = runId(id);
        return runs.retry(caller.workspace(), run, retryVersion(body == null ? null : body.version()));
    }

    static RetryVersion retryVersion(@Nullable Object version) {
        if (version == null) {
            return RetryVersion.OWN;
        }
        if ("latest".equals(version)) {
            return RetryVersion.LATEST;
        }
        if ((version instanceof Integer || version instanceof Long)
                && ((Number) version).longValue() >= 1
                && ((Number) version).longValue() <= Integer.MAX_VALUE) {
            return RetryVersion.number(((Number) version).intValue());
        }
        throw ValidationFailed.of("version", "must be \"latest\" or a version number (1 or more)");
    }

    /** Resumes a run waiting for the signal {@code name}; the JSON body (optional) is the wait step's output. */
    @PostMapping("/{id}/signals/{name}")
    @RequiresRole(Role.USER)
    RunView signal(
            Caller caller,
            @PathVariable String id,
            @PathVariable String name,
            @RequestBody(required = false) @Nullable Object body) {
        return runs.signal(caller.workspace(), runId(id), name, body);
    }

    static RunId runId(String id) {
        try {
            return RunId.of(id);
        } catch (IllegalArgumentException e) {
            throw RunNotFoundAnswer.forText(id);
        }
    }

    private interface Parser<T> {
        T parse(String text);
    }

    private static <T> @Nullable T parse(
            @Nullable String text, String field, List<FieldError> errors, Parser<T> parser) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return parser.parse(text);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            errors.add(new FieldError(field, "'" + text + "' is not valid here"));
            return null;
        }
    }
}
