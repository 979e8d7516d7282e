package io.levqor.console.operator;

import io.levqor.billing.OperatorBilling;
import io.levqor.console.security.ConsoleSession.Signed;
import io.levqor.engine.OperatorRuns;
import io.levqor.identity.OperatorDirectory;
import io.levqor.identity.OperatorDirectory.WorkspaceSummary;
import io.levqor.shared.ProblemException;
import io.levqor.shared.WorkspaceId;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import tools.jackson.databind.json.JsonMapper;

/**
 * The operator's overview. Only the platform operator ({@code LEVQOR_ADMIN_EMAIL}) sees it; everyone else gets the
 * same 404 as for a page that does not exist, so the page does not announce itself.
 */
@Controller
class OperatorPages {

    static final int WORKSPACES = 200;
    static final Duration DAY = Duration.ofHours(24);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final DateTimeFormatter MINUTE =
            DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SECOND =
            DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    private final OperatorDirectory directory;
    private final OperatorRuns runs;
    private final OperatorBilling billing;

    OperatorPages(OperatorDirectory directory, OperatorRuns runs, OperatorBilling billing) {
        this.directory = directory;
        this.runs = runs;
        this.billing = billing;
    }

    /** A row of the workspace table. */
    record WorkspaceLine(WorkspaceSummary workspace, String plan, long runsLastDay) {}

    @GetMapping("/console/operator")
    String overview(Signed signed, Model model) {
        if (!directory.isOperator(signed.user().user())) {
            throw new ProblemException(
                    HttpStatus.NOT_FOUND, "not-found", "Not found", "There is no page at /console/operator.");
        }
        List<WorkspaceSummary> workspaces = directory.allWorkspacesForOperator(WORKSPACES);
        List<WorkspaceId> ids = workspaces.stream().map(WorkspaceSummary::id).toList();
        Map<WorkspaceId, String> plans = billing.planNamesForOperator(ids);
        Map<WorkspaceId, Long> runCounts = runs.runsPerWorkspace(DAY);
        Map<WorkspaceId, String> names = new LinkedHashMap<>();
        workspaces.forEach(w -> names.put(w.id(), w.name()));

        var minutes = runs.runsPerMinute(Duration.ofHours(1));
        var depth = runs.queueDepth();
        model.addAttribute(
                "workspaces",
                workspaces.stream()
                        .map(w -> new WorkspaceLine(
                                w, plans.getOrDefault(w.id(), "—"), runCounts.getOrDefault(w.id(), 0L)))
                        .toList());
        model.addAttribute("workspacesCapped", workspaces.size() == WORKSPACES);
        model.addAttribute(
                "runsLastDay",
                runCounts.values().stream().mapToLong(Long::longValue).sum());
        model.addAttribute("queueNow", depth.isEmpty() ? 0 : depth.getLast().depth());
        model.addAttribute("runsPerSecondNow", String.format(java.util.Locale.ROOT, "%.2f", lastFullMinute(minutes)));
        model.addAttribute(
                "throughputChart",
                JSON.writeValueAsString(Map.of(
                        "labels",
                                minutes.stream().map(m -> MINUTE.format(m.at())).toList(),
                        "label", "Runs started per second (per-minute average)",
                        "values",
                                minutes.stream()
                                        .map(OperatorRuns.Minute::runsPerSecond)
                                        .toList())));
        model.addAttribute(
                "queueChart",
                JSON.writeValueAsString(Map.of(
                        "labels", depth.stream().map(d -> SECOND.format(d.at())).toList(),
                        "label", "Due jobs waiting",
                        "values",
                                depth.stream()
                                        .map(OperatorRuns.QueueDepth::depth)
                                        .toList())));
        model.addAttribute("failures", runs.recentFailures(DAY, 20));
        model.addAttribute("payments", billing.recentPaymentsForOperator(20));
        model.addAttribute("names", names);
        return "console/operator/overview";
    }

    // The current minute is still filling; the one before it is the latest whole figure.
    private static double lastFullMinute(List<OperatorRuns.Minute> minutes) {
        return minutes.size() >= 2 ? minutes.get(minutes.size() - 2).runsPerSecond() : 0;
    }
}
