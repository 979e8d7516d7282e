package io.levqor.ops.status.web;

import io.levqor.ops.Incident;
import io.levqor.ops.Incidents;
import io.levqor.shared.Caller;
import io.levqor.shared.RequiresRole;
import io.levqor.shared.Role;
import io.swagger.v3.oas.annotations.Operation;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operator's incidents on the status page. Identity lets only the platform operator reach
 * {@code /api/v1/admin/**}; the role here is the least any caller needs, the operator check is that path rule.
 */
@RestController
class AdminIncidentsController {

    private final Incidents incidents;

    AdminIncidentsController(Incidents incidents) {
        this.incidents = incidents;
    }

    record IncidentsResponse(List<Incident> items) {}

    /**
     * A new incident.
     *
     * @param title what users see, up to 200 characters
     * @param impact minor (its components show degraded), major or critical (outage)
     * @param components the affected components: api, webhooks, workers, scheduler, database
     * @param status investigating (default), identified, monitoring or resolved
     * @param message the first update of its timeline, up to 5000 characters
     */
    record OpenRequest(
            @Nullable String title,
            @Nullable String impact,
            @Nullable List<String> components,
            @Nullable String status,
            @Nullable String message) {}

    /**
     * An update to an incident's timeline.
     *
     * @param status the status it moves the incident to (default: unchanged); resolved closes it
     * @param message what is known now, up to 5000 characters
     */
    record UpdateRequest(@Nullable String status, @Nullable String message) {}

    @Operation(
            summary = "Incidents, newest first",
            description = "state=open or state=resolved narrows the list (both by default); limit 1–200 (50).")
    @GetMapping("/api/v1/admin/incidents")
    @RequiresRole(Role.VIEWER)
    IncidentsResponse list(
            Caller caller,
            @RequestParam(required = false) @Nullable String state,
            @RequestParam(defaultValue = "50") int limit) {
        return new IncidentsResponse(incidents.list(state, limit));
    }

    @Operation(
            summary = "Open an incident on the status page",
            description = "While open, each named component shows at least degraded (minor impact) or outage (major,"
                    + " critical) on /status, and the minute probes record it so. Audited in the operator's log.")
    @PostMapping("/api/v1/admin/incidents")
    @ResponseStatus(HttpStatus.CREATED)
    @RequiresRole(Role.VIEWER)
    Incident open(Caller caller, @RequestBody OpenRequest request) {
        return incidents.open(
                caller, request.title(), request.impact(), request.components(), request.status(), request.message());
    }

    @Operation(summary = "An incident with its timeline, newest update first")
    @GetMapping("/api/v1/admin/incidents/{id}")
    @RequiresRole(Role.VIEWER)
    Incident get(Caller caller, @PathVariable UUID id) {
        return incidents.get(id);
    }

    @Operation(
            summary = "Add an update to an incident's timeline",
            description = "The update may move the incident's status; resolved closes it (it moves to the page's past"
                    + " incidents), any other status opens it again. Audited in the operator's log.")
    @PostMapping("/api/v1/admin/incidents/{id}/updates")
    @ResponseStatus(HttpStatus.CREATED)
    @RequiresRole(Role.VIEWER)
    Incident update(Caller caller, @PathVariable UUID id, @RequestBody UpdateRequest request) {
        return incidents.update(caller, id, request.status(), request.message());
    }
}
