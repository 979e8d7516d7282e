package io.levqor.billing.web;

import io.levqor.billing.PlatformSpendLimit;
import io.levqor.billing.PlatformSpendView;
import io.levqor.shared.Caller;
import io.levqor.shared.RequiresRole;
import io.levqor.shared.Role;
import io.swagger.v3.oas.annotations.Operation;
import java.math.BigDecimal;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operator's platform costs: the daily cost limit that stops LLM steps. Identity lets only the platform operator
 * reach {@code /api/v1/admin/**}; the role here is the least any caller needs, the operator check is that path rule.
 */
@RestController
class AdminCostsController {

    private final PlatformSpendLimit limit;

    AdminCostsController(PlatformSpendLimit limit) {
        this.limit = limit;
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
