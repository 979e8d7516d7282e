package io.levqor.console.runs;

import io.levqor.console.security.ConsoleSession.Signed;
import io.levqor.console.web.ConsoleRole;
import io.levqor.console.web.Flash;
import io.levqor.engine.RunFilter;
import io.levqor.engine.RunId;
import io.levqor.engine.RunPage;
import io.levqor.engine.RunStatus;
import io.levqor.engine.RunView;
import io.levqor.engine.Runs;
import io.levqor.shared.ProblemException;
import io.levqor.shared.Role;
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

    /** What the filter form holds; also the query of the live-update request. */
    record Filters(
            @Nullable UUID workflowId,
            @Nullable String status,
            @Nullable String period) {}

    @GetMapping("/console/runs")
    String list(
            Signed signed,
            @RequestParam(required = false) @Nullable UUID workflowId,
            @RequestParam(required = false) @Nullable String status,
            @RequestParam(required = false) @Nullable String period,
            @RequestParam(required = false) @Nullable String cursor,
            Model model) {
        rows(signed, workflowId, status, period, cursor, model);
        model.addAttribute(
                "workflows",
                workflows.list(signed.caller().workspace(), null, 200).items());
        model.addAttribute(
                "statuses",
                java.util.Arrays.stream(RunStatus.values())
                        .map(RunStatus::apiName)
                        .toList());
        model.addAttribute("periods", PERIODS.keySet());
        return "console/runs/list";
    }

    /** htmx: the table alone, polled every two seconds while a listed run is queued or running. */
    @GetMapping("/console/runs/rows")
    String rowsFragment(
            Signed signed,
            @RequestParam(required = false) @Nullable UUID workflowId,
            @RequestParam(required = false) @Nullable String status,
            @RequestParam(required = false) @Nullable String period,
            Model model) {
        rows(signed, workflowId, status, period, null, model);
        return "console/runs/list :: rows";
    }

    private void rows(
            Signed signed,
            @Nullable UUID workflowId,
            @Nullable String status,
            @Nullable String period,
            @Nullable String cursor,
            Model model) {
        RunStatus wanted = null;
        if (status != null && !status.isBlank()) {
            try {
                wanted = RunStatus.fromApiName(status);
            } catch (IllegalArgumentException unknown) {
                wanted = null;
            }
        }
        Duration window = period == null ? null : PERIODS.get(period);
        Instant from = window == null ? null : clock.instant().minus(window);
        RunPage page =
                runs.list(signed.caller().workspace(), new RunFilter(workflowId, wanted, from, null), cursor, 50);
        Map<UUID, String> names = new LinkedHashMap<>();
        for (WorkflowView w :
                workflows.list(signed.caller().workspace(), null, 200).items()) {
            names.put(w.id().value(), w.name());
        }
        model.addAttribute("runs", page.items());
        model.addAttribute("names", names);
        model.addAttribute("nextCursor", page.nextCursor());
        model.addAttribute("filters", new Filters(workflowId, wanted == null ? null : wanted.apiName(), period));
        model.addAttribute("live", page.items().stream().anyMatch(r -> isLive(r.status())));
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
        model.addAttribute("steps", StepBars.of(run, clock.instant()));
        model.addAttribute("activeMillis", activeMillis(run));
        model.addAttribute(
                "retried",
                run.steps() != null
                        && run.steps().stream().anyMatch(step -> step.attempts().size() > 1));
        String name;
        try {
            name = workflows
                    .get(signed.caller().workspace(), new io.levqor.workflow.WorkflowId(run.workflowId()))
                    .name();
        } catch (ProblemException deleted) {
            name = "(deleted workflow)";
        }
        model.addAttribute("workflowName", name);
    }

    @PostMapping("/console/runs/{id}/retry")
    @ConsoleRole(Role.USER)
    String retry(Signed signed, @PathVariable UUID id, RedirectAttributes redirect) {
        act(
                redirect,
                "Retrying from the failed step.",
                () -> runs.retry(signed.caller().workspace(), new RunId(id)));
        return "redirect:/console/runs/" + id;
    }

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
