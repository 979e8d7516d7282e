package io.levqor.ops.slowqueries.web;

import io.levqor.ops.slowqueries.SlowQueries;
import io.levqor.ops.slowqueries.SlowQueryReport;
import io.levqor.shared.Caller;
import io.levqor.shared.RequiresRole;
import io.levqor.shared.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operator's slow queries. Identity lets only the platform operator reach {@code /api/v1/admin/**}; the role here
 * is the least any caller needs, the operator check is that path rule.
 */
@RestController
class AdminSlowQueriesController {

    private final SlowQueries slowQueries;

    AdminSlowQueriesController(SlowQueries slowQueries) {
        this.slowQueries = slowQueries;
    }

    /** The top statements; 200 with {@code available: false} and the reason when pg_stat_statements is missing. */
    @GetMapping("/api/v1/admin/slow-queries")
    @RequiresRole(Role.VIEWER)
    @Operation(
            summary = "Top statements by total or mean execution time (operator)",
            description = "From PostgreSQL's pg_stat_statements, for Levqor's database, since its statistics were"
                    + " last reset. When the extension is not loaded or not installed the answer is still 200, with"
                    + " available=false, no statements and a reason saying what to do.")
    SlowQueryReport list(
            Caller caller,
            @Parameter(description = "total (default) or mean execution time") @RequestParam(defaultValue = "total")
                    String orderBy,
            @Parameter(description = "1 to 100, default 20") @RequestParam(defaultValue = "20") String limit) {
        return slowQueries.top(orderBy, parseLimit(limit));
    }

    // Bound as text so that "limit=abc" is a 400 naming the field like every other bad limit.
    private static int parseLimit(String limit) {
        try {
            return Integer.parseInt(limit.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
