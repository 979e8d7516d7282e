package io.levqor.ops.anomaly.web;

import io.levqor.ops.Watchdogs;
import io.levqor.shared.Caller;
import io.levqor.shared.RequiresRole;
import io.levqor.shared.Role;
import io.swagger.v3.oas.annotations.Operation;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operator's anomaly view. Identity lets only the platform operator reach {@code /api/v1/admin/**}; the role here
 * is the least any caller needs, the operator check is that path rule.
 */
@RestController
class AdminAnomaliesController {

    /** The answer: each watched series. */
    record AnomalyList(List<Watchdogs.Anomaly> series) {}

    private final Watchdogs watchdogs;

    AdminAnomaliesController(Watchdogs watchdogs) {
        this.watchdogs = watchdogs;
    }

    @GetMapping("/api/v1/admin/anomalies")
    @RequiresRole(Role.VIEWER)
    @Operation(
            summary = "Each watched series with its current value, baseline mean and band",
            description = "Runs started, runs failed, signups, payments and 5xx answers: the mean per minute over"
                    + " the recent window against the same hour of the week over past weeks (mean ± 3 σ), the"
                    + " state (normal, spike, drop, quiet, learning) and the last hours per minute with their band."
                    + " Platform operator only.")
    AnomalyList anomalies(Caller caller) {
        return new AnomalyList(watchdogs.anomalies());
    }
}
