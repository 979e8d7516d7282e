package io.levqor.engine.web;

import io.levqor.engine.Runs;
import io.levqor.engine.StartedRun;
import io.levqor.shared.Caller;
import io.levqor.shared.ProblemException;
import io.levqor.shared.RequiresRole;
import io.levqor.shared.Role;
import io.levqor.shared.ValidationFailed;
import io.levqor.workflow.WorkflowId;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Starts a run by API ({@code Idempotency-Key} honoured: the same key answers the same run). */
@RestController
class WorkflowRunController {

    private static final int MAX_KEY_LENGTH = 255;

    private final Runs runs;

    WorkflowRunController(Runs runs) {
        this.runs = runs;
    }

    @PostMapping("/api/v1/workflows/{id}/runs")
    @ResponseStatus(HttpStatus.ACCEPTED) // for the OpenAPI document: the ResponseEntity sets the same
    @RequiresRole(Role.USER)
    ResponseEntity<StartedRun> start(
            Caller caller,
            @PathVariable String id,
            @RequestBody(required = false) @Nullable Map<String, @Nullable Object> body,
            @RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey) {
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > MAX_KEY_LENGTH)) {
            throw ValidationFailed.of("Idempotency-Key", "must be 1 to " + MAX_KEY_LENGTH + " characters");
        }
        WorkflowId workflow;
        try {
            workflow = WorkflowId.of(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("workflow", id);
        }
        Object input = body == null ? null : body.get("input");
        StartedRun started = runs.start(caller.workspace(), workflow, input, idempotencyKey);
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(started);
    }
}
