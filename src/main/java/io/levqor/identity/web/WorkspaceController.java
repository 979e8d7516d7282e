package io.levqor.identity.web;

import io.levqor.identity.MyWorkspace;
import io.levqor.identity.internal.Checks;
import io.levqor.identity.internal.IdempotentRequests;
import io.levqor.identity.internal.IdempotentRequests.Outcome;
import io.levqor.identity.internal.Workspaces;
import io.levqor.shared.Caller;
import io.levqor.shared.RequiresRole;
import io.levqor.shared.Role;
import io.levqor.shared.WorkspaceId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The caller's workspaces: list, create (the caller becomes owner), rename or delete the current one. */
@RestController
class WorkspaceController {

    record NameRequest(@Nullable String name) {}

    record WorkspaceView(String id, String name, String role) {
        static WorkspaceView of(MyWorkspace w) {
            return new WorkspaceView(
                    w.id().value().toString(), w.name(), w.role().apiName());
        }
    }

    private final Workspaces workspaces;
    private final IdempotentRequests idempotent;

    WorkspaceController(Workspaces workspaces, IdempotentRequests idempotent) {
        this.workspaces = workspaces;
        this.idempotent = idempotent;
    }

    @GetMapping("/api/v1/workspaces")
    Map<String, List<WorkspaceView>> list(Caller caller) {
        return Map.of(
                "items", workspaces.mine(caller).stream().map(WorkspaceView::of).toList());
    }

    @PostMapping("/api/v1/workspaces")
    @ResponseStatus(HttpStatus.CREATED) // for the OpenAPI document: the ResponseEntity sets the same
    ResponseEntity<WorkspaceView> create(
            Caller caller,
            @RequestBody NameRequest request,
            @RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey) {
        Checks.start().required("name", request.name(), 100).orFail();
        Outcome<WorkspaceView, WorkspaceView> outcome = idempotent.once(
                caller,
                "workspace.create",
                idempotencyKey,
                request,
                () -> WorkspaceView.of(workspaces.create(caller, request.name())),
                view -> view,
                WorkspaceView.class);
        return Replays.created(outcome);
    }

    /** The owner deletes the workspace their token acts on; another workspace's id is not found (docs/security.md). */
    @DeleteMapping("/api/v1/workspaces/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT) // for the OpenAPI document: the ResponseEntity sets the same
    @RequiresRole(Role.OWNER)
    ResponseEntity<Void> delete(Caller caller, @PathVariable UUID id) {
        workspaces.delete(caller, new WorkspaceId(id));
        return ResponseEntity.noContent().build();
    }

    @PatchMapping("/api/v1/workspace")
    @RequiresRole(Role.ADMIN)
    Map<String, String> rename(Caller caller, @RequestBody NameRequest request) {
        Checks.start().required("name", request.name(), 100).orFail();
        workspaces.rename(caller, request.name());
        return Map.of(
                "id",
                caller.workspace().value().toString(),
                "name",
                request.name().trim());
    }
}
