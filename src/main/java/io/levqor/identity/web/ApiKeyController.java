package io.levqor.identity.web;

import io.levqor.identity.NewApiKey;
import io.levqor.identity.internal.ApiKeys;
import io.levqor.identity.internal.Checks;
import io.levqor.identity.internal.IdempotentRequests;
import io.levqor.identity.internal.IdempotentRequests.Outcome;
import io.levqor.shared.Caller;
import io.levqor.shared.ProblemException;
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

/** API keys of the caller's workspace: create (secret shown once), list without secrets, revoke. */
@RestController
@RequiresRole(Role.ADMIN)
class ApiKeyController {

    record CreateRequest(@Nullable String name, @Nullable String role) {}

    record CreatedView(String id, String name, String role, String key, Instant createdAt) {}

    record KeyView(
            String id,
            String name,
            String role,
            String prefix,
            Instant createdAt,
            @Nullable Instant lastUsedAt) {}

    private final ApiKeys apiKeys;
    private final IdempotentRequests idempotent;

    ApiKeyController(ApiKeys apiKeys, IdempotentRequests idempotent) {
        this.apiKeys = apiKeys;
        this.idempotent = idempotent;
    }

    @PostMapping("/api/v1/api-keys")
    @ResponseStatus(HttpStatus.CREATED) // for the OpenAPI document: the ResponseEntity sets the same
    ResponseEntity<CreatedView> create(
            Caller caller,
            @RequestBody CreateRequest request,
            @RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey) {
        Checks.start()
                .required("name", request.name(), 100)
                .role("role", request.role())
                .orFail();
        Outcome<NewApiKey, KeyView> outcome = idempotent.once(
                caller,
                "api-key.create",
                idempotencyKey,
                request,
                () -> apiKeys.create(caller, request.name().trim(), Role.fromApiName(request.role())),
                created -> new KeyView(
                        created.id().toString(),
                        created.name(),
                        created.role().apiName(),
                        created.key().substring(0, 10),
                        created.createdAt(),
                        null),
                KeyView.class);
        if (outcome.replayed() != null) {
            // The secret exists only as a hash: it cannot be answered again (docs/security.md, Idempotency-Key).
            KeyView key = outcome.replayed();
            throw new ProblemException(
                    HttpStatus.CONFLICT,
                    "idempotent-secret-shown-once",
                    "API key already created",
                    "The first request with this Idempotency-Key created API key " + key.id()
                            + "; its secret was shown only in that answer. If it was lost, revoke the key and"
                            + " create another.",
                    Map.of("apiKey", key));
        }
        NewApiKey created = java.util.Objects.requireNonNull(outcome.fresh());
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(new CreatedView(
                        created.id().toString(),
                        created.name(),
                        created.role().apiName(),
                        created.key(),
                        created.createdAt()));
    }

    @GetMapping("/api/v1/api-keys")
    Map<String, List<KeyView>> list(Caller caller) {
        return Map.of(
                "items",
                apiKeys.list(caller.workspace()).stream()
                        .map(k -> new KeyView(
                                k.id().toString(),
                                k.name(),
                                k.role().apiName(),
                                k.prefix(),
                                k.createdAt(),
                                k.lastUsedAt()))
                        .toList());
    }

    @DeleteMapping("/api/v1/api-keys/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void revoke(Caller caller, @PathVariable UUID id) {
        apiKeys.revoke(caller, id);
    }
}
