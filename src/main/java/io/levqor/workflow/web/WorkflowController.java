package io.levqor.workflow.web;

import io.levqor.shared.Caller;
import io.levqor.shared.RequiresRole;
import io.levqor.shared.Role;
import io.levqor.workflow.WorkflowId;
import io.levqor.workflow.WorkflowNotFound;
import io.levqor.workflow.WorkflowPage;
import io.levqor.workflow.WorkflowView;
import io.levqor.workflow.Workflows;
import java.net.URI;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Workflows of the caller's workspace: viewers read, managers edit. */
@RestController
@RequestMapping("/api/v1/workflows")
class WorkflowController {

    /** {@code POST /api/v1/workflows}; {@code active} defaults to true. */
    record CreateWorkflow(
            @Nullable String name,
            @Nullable Object definition,
            @Nullable Boolean active) {}

    /** {@code PUT /api/v1/workflows/{id}}: a new version; the name stays unless given. */
    record SaveWorkflow(@Nullable String name, @Nullable Object definition) {}

    /** {@code POST /api/v1/workflows/validate}: checks a definition without saving it. */
    record ValidateDefinition(@Nullable Object definition) {}

    private final Workflows workflows;
    private final WorkflowAnswers answers;

    WorkflowController(Workflows workflows, WorkflowAnswers answers) {
        this.workflows = workflows;
        this.answers = answers;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED) // for the OpenAPI document: the ResponseEntity sets the same
    @RequiresRole(Role.MANAGER)
    ResponseEntity<WorkflowAnswers.WorkflowAnswer> create(
            Caller caller,
            @RequestBody CreateWorkflow request,
            @RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey) {
        WorkflowView created = workflows.create(
                caller.workspace(),
                caller.user(),
                request.name() == null ? "" : request.name(),
                request.definition(),
                request.active() == null || request.active(),
                idempotencyKey == null || idempotencyKey.isBlank() ? null : idempotencyKey.strip());
        return ResponseEntity.created(URI.create("/api/v1/workflows/" + created.id()))
                .body(answers.full(created));
    }

    @GetMapping
    @RequiresRole(Role.VIEWER)
    WorkflowAnswers.WorkflowList list(
            Caller caller,
            @RequestParam(required = false) @Nullable String cursor,
            @RequestParam(defaultValue = "50") int limit) {
        WorkflowPage page = workflows.list(caller.workspace(), cursor, limit);
        return new WorkflowAnswers.WorkflowList(
                page.items().stream().map(answers::summary).toList(), page.nextCursor());
    }

    @PostMapping("/validate")
    @RequiresRole(Role.VIEWER)
    Map<String, Object> validate(Caller caller, @RequestBody ValidateDefinition request) {
        workflows.check(caller.workspace(), request.definition());
        return Map.of("valid", true);
    }

    @GetMapping("/{id}")
    @RequiresRole(Role.VIEWER)
    WorkflowAnswers.WorkflowAnswer get(Caller caller, @PathVariable String id) {
        return answers.full(workflows.get(caller.workspace(), parse(id)));
    }

    @PutMapping("/{id}")
    @RequiresRole(Role.MANAGER)
    WorkflowAnswers.WorkflowAnswer save(Caller caller, @PathVariable String id, @RequestBody SaveWorkflow request) {
        return answers.full(
                workflows.update(caller.workspace(), caller.user(), parse(id), request.name(), request.definition()));
    }

    @DeleteMapping("/{id}")
    @RequiresRole(Role.MANAGER)
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(Caller caller, @PathVariable String id) {
        workflows.delete(caller.workspace(), parse(id));
    }

    @PostMapping("/{id}/activate")
    @RequiresRole(Role.MANAGER)
    WorkflowAnswers.WorkflowAnswer activate(Caller caller, @PathVariable String id) {
        return answers.summary(workflows.activate(caller.workspace(), parse(id)));
    }

    @PostMapping("/{id}/deactivate")
    @RequiresRole(Role.MANAGER)
    WorkflowAnswers.WorkflowAnswer deactivate(Caller caller, @PathVariable String id) {
        return answers.summary(workflows.deactivate(caller.workspace(), parse(id)));
    }

    @PostMapping("/{id}/webhook/rotate")
    @RequiresRole(Role.MANAGER)
    WorkflowAnswers.WorkflowAnswer rotateWebhook(Caller caller, @PathVariable String id) {
        return answers.summary(workflows.rotateWebhookToken(caller.workspace(), parse(id)));
    }

    @GetMapping("/{id}/versions")
    @RequiresRole(Role.VIEWER)
    WorkflowAnswers.VersionList versions(Caller caller, @PathVariable String id) {
        return new WorkflowAnswers.VersionList(workflows.versions(caller.workspace(), parse(id)).stream()
                .map(version -> answers.version(version, false))
                .toList());
    }

    @GetMapping("/{id}/versions/{version}")
    @RequiresRole(Role.VIEWER)
    WorkflowAnswers.VersionAnswer version(Caller caller, @PathVariable String id, @PathVariable int version) {
        return answers.version(workflows.versionView(caller.workspace(), parse(id), version), true);
    }

    /** A malformed id names no workflow: 404, like another workspace's id. */
    private static WorkflowId parse(String id) {
        try {
            return WorkflowId.of(id);
        } catch (IllegalArgumentException e) {
            throw WorkflowNotFound.forId(new WorkflowId(new java.util.UUID(0, 0)));
        }
    }
}
