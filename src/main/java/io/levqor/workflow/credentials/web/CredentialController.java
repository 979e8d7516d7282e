package io.levqor.workflow.credentials.web;

import io.levqor.connectors.CredentialTypes;
import io.levqor.shared.Caller;
import io.levqor.shared.ProblemException;
import io.levqor.shared.RequiresRole;
import io.levqor.shared.Role;
import io.levqor.workflow.CredentialId;
import io.levqor.workflow.CredentialView;
import io.levqor.workflow.Credentials;
import java.net.URI;
import java.time.Instant;
import java.util.List;
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
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/credentials}: the vault over HTTP. Secret data goes in and never comes back out. */
@RestController
@RequestMapping("/api/v1/credentials")
class CredentialController {

    record CreateRequest(
            @Nullable String name,
            @Nullable String type,
            @Nullable Map<String, Object> data) {}

    record ReplaceRequest(@Nullable String name, @Nullable Map<String, Object> data) {}

    record CredentialResponse(String id, String name, String type, Instant createdAt, Instant updatedAt) {
        static CredentialResponse of(CredentialView view) {
            return new CredentialResponse(
                    view.id().toString(), view.name(), view.type(), view.createdAt(), view.updatedAt());
        }
    }

    record CredentialList(List<CredentialResponse> items) {}

    record TypeResponse(String type, Map<String, Object> schema) {}

    record TypeList(List<TypeResponse> items) {}

    private final Credentials credentials;

    CredentialController(Credentials credentials) {
        this.credentials = credentials;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED) // for the OpenAPI document: the ResponseEntity sets the same
    @RequiresRole(Role.MANAGER)
    ResponseEntity<CredentialResponse> create(
            Caller caller,
            @RequestBody CreateRequest request,
            @RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey) {
        CredentialView view =
                credentials.create(caller.workspace(), request.name(), request.type(), request.data(), idempotencyKey);
        return ResponseEntity.created(URI.create("/api/v1/credentials/" + view.id()))
                .body(CredentialResponse.of(view));
    }

    @GetMapping
    @RequiresRole(Role.VIEWER)
    CredentialList list(Caller caller) {
        return new CredentialList(credentials.list(caller.workspace()).stream()
                .map(CredentialResponse::of)
                .toList());
    }

    @GetMapping("/types")
    @RequiresRole(Role.VIEWER)
    TypeList types(Caller caller) {
        return new TypeList(CredentialTypes.schemas().entrySet().stream()
                .map(entry -> new TypeResponse(entry.getKey(), entry.getValue()))
                .toList());
    }

    @GetMapping("/{id}")
    @RequiresRole(Role.VIEWER)
    CredentialResponse get(Caller caller, @PathVariable String id) {
        return CredentialResponse.of(credentials.get(caller.workspace(), parse(id)));
    }

    @PutMapping("/{id}")
    @RequiresRole(Role.MANAGER)
    CredentialResponse replace(Caller caller, @PathVariable String id, @RequestBody ReplaceRequest request) {
        CredentialView view = credentials.replace(caller.workspace(), parse(id), request.name(), request.data());
        return CredentialResponse.of(view);
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT) // for the OpenAPI document: the ResponseEntity sets the same
    @RequiresRole(Role.MANAGER)
    ResponseEntity<Void> delete(Caller caller, @PathVariable String id) {
        CredentialId credential = parse(id);
        credentials.delete(caller.workspace(), credential);
        return ResponseEntity.noContent().build();
    }

    private static CredentialId parse(String id) {
        try {
            return CredentialId.of(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("credential", id);
        }
    }
}
