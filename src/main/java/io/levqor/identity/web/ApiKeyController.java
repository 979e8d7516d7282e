package io.levqor.identity.web;

import io.levqor.identity.internal.ApiKeys;
import io.levqor.identity.internal.ApiKeys.Created;
import io.levqor.identity.internal.Checks;
import io.levqor.shared.Caller;
import io.levqor.shared.RequiresRole;
import io.levqor.shared.Role;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
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

    ApiKeyController(ApiKeys apiKeys) {
        this.apiKeys = apiKeys;
    }

    @PostMapping("/api/v1/api-keys")
    @ResponseStatus(HttpStatus.CREATED)
    CreatedView create(Caller caller, @RequestBody CreateRequest request) {
        Checks.start()
                .required("name", request.name(), 100)
                .role("role", request.role())
                .orFail();
        Created created = apiKeys.create(caller, request.name().trim(), Role.fromApiName(request.role()));
        return new CreatedView(
                created.id().toString(), created.name(), created.role().apiName(), created.key(), created.createdAt());
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
