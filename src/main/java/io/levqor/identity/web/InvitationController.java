package io.levqor.identity.web;

import io.levqor.identity.Invitation;
import io.levqor.identity.MyWorkspace;
import io.levqor.identity.internal.Checks;
import io.levqor.identity.internal.IdempotentRequests;
import io.levqor.identity.internal.Workspaces;
import io.levqor.shared.Caller;
import io.levqor.shared.RequiresRole;
import io.levqor.shared.Role;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Invitations by e-mail: create, list pending, revoke, accept. */
@RestController
class InvitationController {

    record InviteRequest(@Nullable String email, @Nullable String role) {}

    record AcceptRequest(@Nullable String token) {}

    record InvitationView(String id, String email, String role, Instant expiresAt) {
        static InvitationView of(Invitation i) {
            return new InvitationView(i.id().toString(), i.email(), i.role().apiName(), i.expiresAt());
        }
    }

    record Accepted(String workspaceId, String role) {}

    private final Workspaces workspaces;
    private final IdempotentRequests idempotent;

    InvitationController(Workspaces workspaces, IdempotentRequests idempotent) {
        this.workspaces = workspaces;
        this.idempotent = idempotent;
    }

    @PostMapping("/api/v1/invitations")
    @ResponseStatus(HttpStatus.CREATED) // for the OpenAPI document: the ResponseEntity sets the same
    @RequiresRole(Role.ADMIN)
    ResponseEntity<InvitationView> invite(
            Caller caller,
            @RequestBody InviteRequest request,
            @RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey) {
        Checks.start()
                .email("email", request.email())
                .role("role", request.role())
                .orFail();
        // A repeat answers the first invitation and sends no second mail.
        return Replays.created(idempotent.once(
                caller,
                "invitation.create",
                idempotencyKey,
                request,
                () -> InvitationView.of(workspaces.invite(caller, request.email(), Role.fromApiName(request.role()))),
                view -> view,
                InvitationView.class));
    }

    @GetMapping("/api/v1/invitations")
    @RequiresRole(Role.ADMIN)
    Map<String, List<InvitationView>> pending(Caller caller) {
        return Map.of(
                "items",
                workspaces.pendingInvitations(caller).stream()
                        .map(InvitationView::of)
                        .toList());
    }

    @DeleteMapping("/api/v1/invitations/{id}")
    @RequiresRole(Role.ADMIN)
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void revoke(Caller caller, @PathVariable UUID id) {
        workspaces.revokeInvitation(caller, id);
    }

    @PostMapping("/api/v1/invitations/accept")
    Accepted accept(Caller caller, @RequestBody AcceptRequest request) {
        Checks.start().required("token", request.token(), 200).orFail();
        MyWorkspace joined = workspaces.accept(caller, request.token());
        return new Accepted(joined.id().value().toString(), joined.role().apiName());
    }
}
