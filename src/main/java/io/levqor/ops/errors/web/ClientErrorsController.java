package io.levqor.ops.errors.web;

import io.levqor.ops.errors.ErrorTracking;
import io.levqor.shared.Caller;
import io.levqor.shared.RequiresRole;
import io.levqor.shared.Role;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Client errors the console's scripts report: any signed-in user, rate-limited per user, size-limited per field. */
@RestController
class ClientErrorsController {

    private final ErrorTracking errors;

    ClientErrorsController(ErrorTracking errors) {
        this.errors = errors;
    }

    /** What the report answers: the errorId it was stored under. */
    record Reported(String errorId) {}

    /**
     * Stores a client error ({@code message} required; {@code type}, {@code stack}, {@code url} optional) as a group
     * of kind {@code client}; the URL's query string is never stored.
     */
    @PostMapping("/api/v1/errors/report")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @RequiresRole(Role.VIEWER)
    Reported report(Caller caller, @RequestBody ErrorTracking.ClientReport report) {
        return new Reported(errors.reportClient(caller, report));
    }
}
