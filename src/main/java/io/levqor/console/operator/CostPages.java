package io.levqor.console.operator;

import io.levqor.billing.CostDashboard;
import io.levqor.billing.CostReport;
import io.levqor.billing.PlatformSpendLimit;
import io.levqor.console.security.ConsoleSession.Signed;
import io.levqor.identity.OperatorDirectory;
import io.levqor.shared.ProblemException;
import io.levqor.shared.ValidationFailed;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The operator's cost dashboard: revenue, fees, LLM cost, fixed costs and margin per day or month, the workspaces that
 * cost the most, the platform's daily cost limit, and the same report as a CSV download (the session signs it, as
 * the page). The figures are {@link CostDashboard}'s, as the admin API serves them. Everyone but the operator gets a 404.
 */
@Controller
class CostPages {

    private final OperatorDirectory directory;
    private final CostDashboard dashboard;
    private final PlatformSpendLimit limit;

    CostPages(OperatorDirectory directory, CostDashboard dashboard, PlatformSpendLimit limit) {
        this.directory = directory;
        this.dashboard = dashboard;
        this.limit = limit;
    }

    @GetMapping("/console/operator/costs")
    String page(
            Signed signed,
            @RequestParam(required = false) @Nullable String period,
            @RequestParam(required = false) @Nullable String from,
            @RequestParam(required = false) @Nullable String to,
            Model model) {
        requireOperator(signed);
        CostReport report;
        try {
            report = dashboard.report(period, from, to);
        } catch (ValidationFailed e) {
            // The form's own mistake: say it and show the default range rather than an error page.
            model.addAttribute("error", e.getMessage());
            report = dashboard.report(period != null && period.equals("month") ? "month" : "day", null, null);
        }
        model.addAttribute("report", report);
        model.addAttribute("limit", limit.view());
        return "console/operator/costs";
    }

    @GetMapping("/console/operator/costs.csv")
    ResponseEntity<String> csv(
            Signed signed,
            @RequestParam(required = false) @Nullable String period,
            @RequestParam(required = false) @Nullable String from,
            @RequestParam(required = false) @Nullable String to) {
        requireOperator(signed);
        CostReport report = dashboard.report(period, from, to);
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        "attachment; filename=\"levqor-costs-" + report.period() + "-" + report.from() + "-"
                                + report.to() + ".csv\"")
                .body(CostDashboard.csv(report));
    }

    private void requireOperator(Signed signed) {
        if (!directory.isOperator(signed.user().user())) {
            throw new ProblemException(
                    HttpStatus.NOT_FOUND, "not-found", "Not found", "There is no page at /console/operator/costs.");
        }
    }
}
