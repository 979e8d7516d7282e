package io.levqor.billing.web;

import io.levqor.billing.CostDashboard;
import io.levqor.billing.CostReport;
import io.levqor.billing.PlatformSpendLimit;
import io.levqor.billing.PlatformSpendView;
import io.levqor.shared.Caller;
import io.levqor.shared.RequiresRole;
import io.levqor.shared.Role;
import io.levqor.shared.ValidationFailed;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operator's platform costs: the cost dashboard and the daily cost limit that stops LLM steps. Identity lets only the platform operator
 * reach {@code /api/v1/admin/**}; the role here is the least any caller needs, the operator check is that path rule.
 */
@RestController
class AdminCostsController {

    private final PlatformSpendLimit limit;
    private final CostDashboard dashboard;

    AdminCostsController(PlatformSpendLimit limit, CostDashboard dashboard) {
        this.limit = limit;
        this.dashboard = dashboard;
    }

    @Operation(
            summary = "The cost dashboard: revenue, payment fees, LLM cost by model, fixed costs and margin",
            description = "Per UTC day or month over [from, to] (ISO dates, inclusive; by default the last 30 days"
                    + " or 12 months), with the workspaces of highest LLM cost over the range. As CSV with"
                    + " Accept: text/csv or format=csv (columns period, line, detail, currency, amount).")
    @ApiResponse(
            responseCode = "200",
            description = "The report",
            content = {
                @Content(mediaType = "application/json", schema = @Schema(implementation = CostReport.class)),
                @Content(mediaType = "text/csv", schema = @Schema(type = "string"))
            })
    @GetMapping("/api/v1/admin/costs")
    @RequiresRole(Role.VIEWER)
    ResponseEntity<?> costs(
            Caller caller,
            @Parameter(description = "day (default) or month") @RequestParam(required = false) @Nullable String period,
            @Parameter(description = "first day, ISO date") @RequestParam(required = false) @Nullable String from,
            @Parameter(description = "last day, ISO date, inclusive") @RequestParam(required = false) @Nullable
                    String to,
            @Parameter(description = "json (default) or csv") @RequestParam(required = false) @Nullable String format,
            @RequestHeader(name = HttpHeaders.ACCEPT, required = false) @Nullable String accept) {
        boolean csv;
        if (format == null || format.isBlank()) {
            csv = accept != null && accept.toLowerCase(Locale.ROOT).contains("text/csv");
        } else if (format.equals("csv") || format.equals("json")) {
            csv = format.equals("csv");
        } else {
            throw ValidationFailed.of("format", "must be json or csv");
        }
        CostReport report = dashboard.report(period, from, to);
        if (!csv) {
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(report);
        }
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        "attachment; filename=\"levqor-costs-" + report.period() + "-" + report.from() + "-"
                                + report.to() + ".csv\"")
                .body(CostDashboard.csv(report));
    }

    @Operation(
            summary = "The platform's daily cost limit and today's costs",
            description = "LLM cost of the UTC day (all workspaces) plus the day's share of the configured fixed"
                    + " costs, in the platform currency, against the limit; reached: LLM steps are refused.")
    @GetMapping("/api/v1/admin/costs/limit")
    @RequiresRole(Role.VIEWER)
    PlatformSpendView platformLimit(Caller caller) {
        return limit.view();
    }

    /** @param dailyCostLimit in the platform currency (at most 6 decimals); null or absent switches the limit off */
    record LimitRequest(@Nullable BigDecimal dailyCostLimit) {}

    @Operation(
            summary = "Set the platform's daily cost limit",
            description = "Raises, lowers or (null) switches off the limit at runtime; wins over"
                    + " levqor.billing.platform.daily-cost-limit until reset. Audited. Other nodes see it within"
                    + " levqor.billing.platform.refresh (5 s).")
    @PutMapping("/api/v1/admin/costs/limit")
    @RequiresRole(Role.VIEWER)
    PlatformSpendView setPlatformLimit(Caller caller, @RequestBody LimitRequest request) {
        return limit.set(caller, request.dailyCostLimit());
    }

    @Operation(
            summary = "Return the platform's daily cost limit to the configured value",
            description = "Forgets the runtime value: levqor.billing.platform.daily-cost-limit applies again. Audited.")
    @DeleteMapping("/api/v1/admin/costs/limit")
    @RequiresRole(Role.VIEWER)
    PlatformSpendView resetPlatformLimit(Caller caller) {
        return limit.reset(caller);
    }
}
