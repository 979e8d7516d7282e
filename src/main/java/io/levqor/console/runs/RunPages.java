package io.levqor.console.runs;

import io.levqor.console.security.ConsoleSession.Signed;
import io.levqor.console.web.ConsoleRole;
import io.levqor.console.web.Flash;
import io.levqor.engine.RetryVersion;
import io.levqor.engine.RunFilter;
import io.levqor.engine.RunId;
import io.levqor.engine.RunPage;
import io.levqor.engine.RunStatus;
import io.levqor.engine.RunView;
import io.levqor.engine.Runs;
import io.levqor.shared.FieldError;
import io.levqor.shared.ProblemException;
import io.levqor.shared.Role;
import io.levqor.shared.ValidationFailed;
import io.levqor.workflow.WorkflowView;
import io.levqor.workflow.Workflows;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Runs: list with filters (dead letters are {@code status=failed}), one run's timeline, retry and cancel. */
@Controller
class RunPages {

    private static final Map<String, Duration> PERIODS = new LinkedHashMap<>();

    static {
        PERIODS.put("1h", Duration.ofHours(1));
        PERIODS.put("24h", Duration.ofDays(1));
        PERIODS.put("7d", Duration.ofDays(7));
        PERIODS.put("30d", Duration.ofDays(30));
    }

    private final Runs runs;
    private final Workflows workflows;
    private final Clock clock;

    RunPages(Runs runs, Workflows workflows, Clock clock) {
        this.runs = runs;
        this.workflows = workflows;
        this.clock = clock;
    }

    /** The trigger types the filter offers. */
    static final List<String> TRIGGERS = List.of("api", "manual", "webhook", "schedule");

    /** The most failed runs one "retry all matching" press retries. */
    static final int BULK_MAX = 100;

    /**
     * What the filter form holds; also the query of the live-update request, the "older runs" link and the bulk retry.
     * {@code from} and {@code to} are UTC times as a {@code datetime-local} field sends them ({@code 2026-12-07T10:00}).
     */
    record Filters(
            @Nullable UUID workflowId,
            @Nullable String status,
            @Nullable String period,
            @Nullable String trigger,
            @Nullable String q,
            @Nullable String from,
            @Nullable String to) {

        /** Whether anything narrows the list (public: the template calls it). */
        public boolean any() {
            return workflowId != null
                    || status != null
                    || period != null
                    || trigger != null
                    || q != null
                    || from != null
                    || to != null;
        }
    }

    @GetMapping("/console/runs")
    String list(Signed signed, Filters query, @RequestParam(required = false) @Nullable String cursor, Model model) {
        rows(signed, query, cursor, model);
        model.addAttribute(
                "workflows",
                workflows.list(signed.caller().workspace(), null, 200).items());
        model.addAttribute(
                "statuses",
                java.util.Arrays.stream(RunStatus.values())
                        .map(RunStatus::apiName)
                        .toList());
        model.addAttribute("periods", PERIODS.keySet());
        model.addAttribute("triggers", TRIGGERS);
        model.addAttribute("bulkMax", BULK_MAX);
        return "console/runs/list";
    }

    /** htmx: the table alone, polled every two seconds while a listed run is queued or running. */
    @GetMapping("/console/runs/rows")
    String rowsFragment(Signed signed, Filters query, Model model) {
        rows(signed, query, null, model);
        return "console/runs/list :: rows";
    }

    private void rows(Signed signed, Filters query, @Nullable String cursor, Model model) {
        Filters filters = normalised(query);
        RunPage page = runs.list(signed.caller().workspace(), filter(filters, null), cursor, 50);
        Map<UUID, String> names = new LinkedHashMap<>();
        for (WorkflowView w :
                workflows.list(signed.caller().workspace(), null, 200).items()) {
            names.put(w.id().value(), w.name());
        }
        model.addAttribute("runs", page.items());
        model.addAttribute("names", names);
        model.addAttribute("nextCursor", page.nextCursor());
        model.addAttribute("filters", filters);
        model.addAttribute("live", page.items().stream().anyMatch(r -> isLive(r.status())));
        model.addAttribute("anyFailed", page.items().stream().anyMatch(r -> "failed".equals(r.status())));
    }

    /** The form's values with blanks and unknown values dropped (a hand-edited query never fails the page). */
    private static Filters normalised(Filters query) {
        String status = null;
        if (query.status() != null && !query.status().isBlank()) {
            try {
                status = RunStatus.fromApiName(query.status().strip()).apiName();
            } catch (IllegalArgumentException unknown) {
                status = null;
            }
        }
        String period = query.period() != null && PERIODS.containsKey(query.period()) ? query.period() : null;
        String trigger = query.trigger() != null && TRIGGERS.contains(query.trigger()) ? query.trigger() : null;
        String q = query.q() == null || query.q().isBlank()
                ? null
                : query.q().strip().substring(0, Math.min(200, query.q().strip().length()));
        return new Filters(
                query.workflowId(),
                status,
                period,
                trigger,
                q,
                time(query.from()) == null ? null : query.from(),
                time(query.to()) == null ? null : query.to());
    }

    /** The engine's filter for these (normalised) values; {@code status} overrides the form's when given. */
    private RunFilter filter(Filters filters, @Nullable RunStatus status) {
        Duration window = filters.period() == null ? null : PERIODS.get(filters.period());
        Instant from = window == null ? null : clock.instant().minus(window);
        Instant fromField = time(filters.from());
        if (fromField != null && (from == null || fromField.isAfter(from))) {
            from = fromField;
        }
        return new RunFilter(
                filters.workflowId(),
                status != null ? status : filters.status() == null ? null : RunStatus.fromApiName(filters.status()),
                from,
                time(filters.to()),
                filters.trigger(),
                filters.q());
    }

    /** A {@code datetime-local} value read as UTC, or null when blank or malformed. */
    static @Nullable Instant time(@Nullable String local) {
        if (local == null || local.isBlank()) {
            return null;
        }
        try {
            return java.time.LocalDateTime.parse(local.strip()).toInstant(java.time.ZoneOffset.UTC);
        } catch (java.time.format.DateTimeParseException malformed) {
            return null;
        }
    }

    /** Retries the chosen failed runs with the latest version of their workflows. */
    @PostMapping(value = "/console/runs/retry", params = "selected")
    @ConsoleRole(Role.USER)
    String retrySelected(
            Signed signed,
            @RequestParam(name = "runId", required = false) @Nullable List<UUID> ids,
            Filters query,
            RedirectAttributes redirect) {
        if (ids == null || ids.isEmpty()) {
            Flash.error(redirect, "Select the failed runs to retry first.");
        } else {
            retryAll(signed, ids.stream().distinct().limit(BULK_MAX).toList(), redirect);
        }
        return "redirect:" + listUrl(normalised(query));
    }

    /** Retries, with the latest version, up to {@link #BULK_MAX} failed runs that match the filter (newest first). */
    @PostMapping(value = "/console/runs/retry", params = "!selected")
    @ConsoleRole(Role.USER)
    String retryMatching(Signed signed, Filters query, RedirectAttributes redirect) {
        Filters filters = normalised(query);
        List<UUID> ids = new java.util.ArrayList<>();
        String cursor = null;
        // A text search can answer short pages: follow the cursor until the bound, or the end.
        do {
            RunPage page = runs.list(
                    signed.caller().workspace(), filter(filters, RunStatus.FAILED), cursor, BULK_MAX - ids.size());
            page.items().forEach(run -> ids.add(run.id()));
            cursor = page.nextCursor();
        } while (cursor != null && ids.size() < BULK_MAX);
        retryAll(signed, ids, redirect);
        return "redirect:" + listUrl(filters);
    }

    private void retryAll(Signed signed, List<UUID> ids, RedirectAttributes redirect) {
        int retried = 0;
        List<String> refused = new java.util.ArrayList<>();
        for (UUID id : ids) {
            try {
                runs.retry(signed.caller().workspace(), new RunId(id), RetryVersion.LATEST);
                retried++;
            } catch (io.levqor.engine.RunStateConflict | ValidationFailed | io.levqor.engine.RunNotFound skipped) {
                refused.add(id.toString());
            }
        }
        String done = "Retried " + retried + (retried == 1 ? " run" : " runs") + " with the latest version.";
        if (refused.isEmpty()) {
            Flash.ok(redirect, done);
        } else {
            Flash.error(
                    redirect,
                    done + " Not retried (no longer failed, or the latest version lacks the failed" + " step): "
                            + String.join(", ", refused) + ".");
        }
    }

    private static String listUrl(Filters filters) {
        var url = org.springframework.web.util.UriComponentsBuilder.fromPath("/console/runs");
        if (filters.workflowId() != null) {
            url.queryParam("workflowId", filters.workflowId());
        }
        java.util.function.BiConsumer<String, @Nullable String> add = (name, value) -> {
            if (value != null) {
                url.queryParam(name, value);
            }
        };
        add.accept("status", filters.status());
        add.accept("period", filters.period());
        add.accept("trigger", filters.trigger());
        add.accept("q", filters.q());
        add.accept("from", filters.from());
        add.accept("to", filters.to());
        return url.encode().build().toUriString();
    }

    @GetMapping("/console/runs/{id}")
    String show(Signed signed, @PathVariable UUID id, Model model) {
        run(signed, id, model);
        return "console/runs/show";
    }

    /** htmx: the timeline alone, polled while the run is in flight. */
    @GetMapping("/console/runs/{id}/timeline")
    String timeline(Signed signed, @PathVariable UUID id, Model model) {
        run(signed, id, model);
        return "console/runs/show :: timeline";
    }

    private void run(Signed signed, UUID id, Model model) {
        RunView run = runs.find(signed.caller().workspace(), new RunId(id));
        model.addAttribute("run", run);
        model.addAttribute("live", isLive(run.status()));
        java.util.Set<RunView.Step> shown = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        shown.addAll(RunShapes.shown(run));
        model.addAttribute(
                "steps",
                StepBars.of(run, clock.instant()).stream()
                        .filter(bar -> shown.contains(bar.step()))
                        .toList());
        model.addAttribute("loops", RunShapes.loops(run));
        model.addAttribute("itemsShown", RunShapes.ITEMS_SHOWN);
        model.addAttribute("children", RunShapes.children(run));
        model.addAttribute("activeMillis", activeMillis(run));
        model.addAttribute(
                "retried",
                run.steps() != null
                        && run.steps().stream().anyMatch(step -> step.attempts().size() > 1));
        String name;
        Integer latest;
        try {
            WorkflowView workflow =
                    workflows.get(signed.caller().workspace(), new io.levqor.workflow.WorkflowId(run.workflowId()));
            name = workflow.name();
            latest = workflow.version();
        } catch (ProblemException deleted) {
            name = "(deleted workflow)";
            latest = null;
        }
        model.addAttribute("workflowName", name);
        model.addAttribute("signals", signals(signed, run));
        // Issue 17, bug 7: a failed run of a workflow saved since can go on with the fix.
        model.addAttribute("latestVersion", latest != null && latest != run.version() ? latest : null);
    }

    @PostMapping("/console/runs/{id}/retry")
    @ConsoleRole(Role.USER)
    String retry(
            Signed signed,
            @PathVariable UUID id,
            @RequestParam(required = false) @Nullable String version,
            RedirectAttributes redirect) {
        RetryVersion choice;
        if (version == null || version.isBlank()) {
            choice = RetryVersion.OWN;
        } else if ("latest".equals(version)) {
            choice = RetryVersion.LATEST;
        } else {
            try {
                choice = RetryVersion.number(Integer.parseInt(version.strip()));
            } catch (NumberFormatException malformed) {
                Flash.error(redirect, "Version must be \"latest\" or a number.");
                return "redirect:/console/runs/" + id;
            }
        }
        act(
                redirect,
                choice instanceof RetryVersion.Own
                        ? "Retrying from the failed step."
                        : "Retrying from the failed step with "
                                + (choice instanceof RetryVersion.Latest
                                        ? "the latest version."
                                        : "version " + version.strip() + "."),
                () -> runs.retry(signed.caller().workspace(), new RunId(id), choice));
        return "redirect:/console/runs/" + id;
    }

    /** The signals a waiting run waits for, read from the wait steps of the run's own version. */
    private List<RunShapes.Signal> signals(Signed signed, RunView run) {
        if (!"waiting".equals(run.status())) {
            return List.of();
        }
        try {
            Object definition = workflows
                    .versionView(
                            signed.caller().workspace(),
                            new io.levqor.workflow.WorkflowId(run.workflowId()),
                            run.version())
                    .definition();
            return RunShapes.signals(run, definition);
        } catch (ProblemException deleted) {
            return List.of();
        }
    }

    /** "Approve / resume": sends the signal a waiting run waits for, as {@code POST /api/v1/runs/{id}/signals/{name}}. */
    @PostMapping("/console/runs/{id}/signals/{name}")
    @ConsoleRole(Role.USER)
    String signal(
            Signed signed,
            @PathVariable UUID id,
            @PathVariable String name,
            @RequestParam(defaultValue = "") String body,
            RedirectAttributes redirect) {
        Object data;
        try {
            data = body.isBlank() ? java.util.Map.of() : JSON.readValue(body, Object.class);
        } catch (tools.jackson.core.JacksonException malformed) {
            Flash.error(redirect, "The data to send must be JSON (or left empty).");
            return "redirect:/console/runs/" + id;
        }
        act(
                redirect,
                "Signal “" + name + "” sent: the run goes on.",
                () -> runs.signal(signed.caller().workspace(), new RunId(id), name, data));
        return "redirect:/console/runs/" + id;
    }

    private static final tools.jackson.databind.json.JsonMapper JSON =
            tools.jackson.databind.json.JsonMapper.builder().build();

    @PostMapping("/console/runs/{id}/cancel")
    @ConsoleRole(Role.USER)
    String cancel(Signed signed, @PathVariable UUID id, RedirectAttributes redirect) {
        act(redirect, "Run cancelled.", () -> runs.cancel(signed.caller().workspace(), new RunId(id)));
        return "redirect:/console/runs/" + id;
    }

    private static void act(RedirectAttributes redirect, String done, Runnable action) {
        try {
            action.run();
            Flash.ok(redirect, done);
        } catch (io.levqor.engine.RunStateConflict conflict) {
            Flash.error(redirect, conflict.detail());
        } catch (ValidationFailed refused) {
            Flash.error(
                    redirect,
                    refused.errors().stream()
                            .map(FieldError::message)
                            .collect(java.util.stream.Collectors.joining("; ")));
        }
    }

    /**
     * The time the run spent working: the union of its attempts' intervals. Unlike created-to-finished it leaves out
     * the wait between a failure and the click on Retry (and backoff between attempts).
     */
    static long activeMillis(RunView run) {
        if (run.steps() == null) {
            return 0;
        }
        List<Instant[]> spans = run.steps().stream()
                .flatMap(step -> step.attempts().stream())
                .filter(a -> a.startedAt() != null && a.finishedAt() != null)
                .map(a -> new Instant[] {a.startedAt(), a.finishedAt()})
                .sorted(java.util.Comparator.comparing(span -> span[0]))
                .toList();
        long total = 0;
        Instant coveredTo = null;
        for (Instant[] span : spans) {
            Instant from = coveredTo != null && coveredTo.isAfter(span[0]) ? coveredTo : span[0];
            if (span[1].isAfter(from)) {
                total += Duration.between(from, span[1]).toMillis();
                coveredTo = span[1];
            }
        }
        return total;
    }

    static boolean isLive(String status) {
        return "queued".equals(status) || "running".equals(status);
    }

    /**
     * Step rows for the timeline: the time is the sum of the step's attempts (not the wait between them), and the bar
     * is its share of the run's active time.
     */
    record StepBar(
            RunView.Step step,
            @Nullable Instant startedAt,
            @Nullable Instant finishedAt,
            long millis,
            int percent) {}

    static final class StepBars {
        static List<StepBar> of(RunView run, Instant now) {
            if (run.steps() == null) {
                return List.of();
            }
            long total = Math.max(1, activeMillis(run));
            return run.steps().stream()
                    .map(step -> {
                        Instant started = step.attempts().isEmpty()
                                ? null
                                : step.attempts().getFirst().startedAt();
                        Instant finished = step.attempts().isEmpty()
                                ? null
                                : step.attempts().getLast().finishedAt();
                        long took = step.attempts().stream()
                                .filter(a -> a.startedAt() != null && a.finishedAt() != null)
                                .mapToLong(a -> Duration.between(a.startedAt(), a.finishedAt())
                                        .toMillis())
                                .sum();
                        int percent = (int) Math.min(100, Math.max(1, took * 100 / total));
                        return new StepBar(step, started, finished, took, percent);
                    })
                    .toList();
        }

        private StepBars() {}
    }
}
