package io.levqor.ops.errors.web;

import io.levqor.ops.errors.ErrorPage;
import io.levqor.ops.errors.ErrorTracking;
import io.levqor.shared.Caller;
import io.levqor.shared.RequiresRole;
import io.levqor.shared.Role;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operator's error groups. Identity lets only the platform operator reach {@code /api/v1/admin/**}; the role here
 * is the least any caller needs, the operator check is that path rule.
 */
@RestController
class AdminErrorsController {

    private final ErrorTracking errors;

    AdminErrorsController(ErrorTracking errors) {
        this.errors = errors;
    }

    /**
     * Error groups last seen first, with count, first and last seen, the last errorId and a redacted sample;
     * {@code kind=server} or {@code client} narrows them, {@code cursor} pages on.
     */
    @GetMapping("/api/v1/admin/errors")
    @RequiresRole(Role.VIEWER)
    ErrorPage list(
            Caller caller,
            @RequestParam(required = false) @Nullable String kind,
            @RequestParam(required = false) @Nullable String cursor,
            @RequestParam(defaultValue = "50") int limit) {
        return errors.list(kind, cursor, limit);
    }
}
