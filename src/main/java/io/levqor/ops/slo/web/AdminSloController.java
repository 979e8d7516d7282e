package io.levqor.ops.slo.web;

import io.levqor.ops.Watchdogs;
import io.levqor.shared.Caller;
import io.levqor.shared.RequiresRole;
import io.levqor.shared.Role;
import io.swagger.v3.oas.annotations.Operation;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operator's SLOs. Identity lets only the platform operator reach {@code /api/v1/admin/**}; the role here is the
 * least any caller needs, the operator check is that path rule.
 */
@RestController
class AdminSloController {

    /** The answer: each SLO. */
    record SloList(List<Watchdogs.Slo> slos) {}

    private final Watchdogs watchdogs;

    AdminSloController(Watchdogs watchdogs) {
        this.watchdogs = watchdogs;
    }

    @GetMapping("/api/v1/admin/slo")
    @RequiresRole(Role.VIEWER)
    @Operation(
            summary = "Each SLO's objective, window, SLI, error budget left and burn rates",
            description = "Availability (non-5xx answers of the API and webhooks) and latency (answers under the"
                    + " threshold), from the per-minute series every node adds to (up to ~10 s behind). Burn rates"
                    + " over 5m, 30m, 1h, 6h and 3d; burnDown is the share of the budget consumed per hour since"
                    + " the window began. Platform operator only.")
    SloList slos(Caller caller) {
        return new SloList(watchdogs.slos());
    }
}
