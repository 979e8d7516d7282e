package io.levqor.ops.alerts.web;

import io.levqor.ops.alerts.Alert;
import io.levqor.ops.alerts.Alerts;
import io.levqor.ops.alerts.Silence;
import io.levqor.shared.Caller;
import io.levqor.shared.RequiresRole;
import io.levqor.shared.Role;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operator's alerts: history and silences. Identity lets only the platform operator reach
 * {@code /api/v1/admin/**}; the role here is the least any caller needs, the operator check is that path rule.
 */
@RestController
class AdminAlertsController {

    private final Alerts alerts;

    AdminAlertsController(Alerts alerts) {
        this.alerts = alerts;
    }

    record AlertsResponse(List<Alert> items) {}

    record SilencesResponse(List<Silence> items) {}

    /** A new silence: matchers, an optional start (default now), an end, and why. */
    record SilenceRequest(
            @Nullable List<Alerts.MatcherInput> matchers,
            @Nullable Instant startsAt,
            @Nullable Instant endsAt,
            @Nullable String comment) {}

    /** Alerts newest first; {@code state=firing} or {@code resolved} narrows them (both by default). */
    @GetMapping("/api/v1/admin/alerts")
    @RequiresRole(Role.VIEWER)
    AlertsResponse list(
            Caller caller,
            @RequestParam(required = false) @Nullable String state,
            @RequestParam(defaultValue = "100") int limit) {
        return new AlertsResponse(alerts.history(state, limit));
    }

    /** Silences in force or to come, newest first; {@code all=true} adds the expired ones. */
    @GetMapping("/api/v1/admin/alerts/silences")
    @RequiresRole(Role.VIEWER)
    SilencesResponse silences(Caller caller, @RequestParam(defaultValue = "false") boolean all) {
        return new SilencesResponse(alerts.silences(all));
    }

    @GetMapping("/api/v1/admin/alerts/silences/{id}")
    @RequiresRole(Role.VIEWER)
    Silence silence(Caller caller, @PathVariable UUID id) {
        return alerts.silence(id);
    }

    @PostMapping("/api/v1/admin/alerts/silences")
    @ResponseStatus(HttpStatus.CREATED)
    @RequiresRole(Role.VIEWER)
    Silence create(Caller caller, @RequestBody SilenceRequest request) {
        return alerts.createSilence(
                caller, request.matchers(), request.startsAt(), request.endsAt(), request.comment());
    }

    /** Expires the silence now (it stays listed with {@code all=true}). */
    @DeleteMapping("/api/v1/admin/alerts/silences/{id}")
    @RequiresRole(Role.VIEWER)
    Silence expire(Caller caller, @PathVariable UUID id) {
        return alerts.expireSilence(id);
    }
}
