package io.levqor.identity;

import io.levqor.shared.Role;
import io.levqor.support.HttpApi;
import io.levqor.support.IsolationFixture;
import io.levqor.support.TestAccounts;
import io.levqor.support.TestAccounts.Account;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Identity's resources for the cross-tenant matrix: a member, an API key, a pending invitation. */
@Component
class IdentityIsolationFixture implements IsolationFixture {

    private final HttpApi api;

    IdentityIsolationFixture(HttpApi api) {
        this.api = api;
    }

    @Override
    public Map<String, Target> create(Account owner, TestAccounts accounts) {
        Account member = accounts.member(owner, Role.USER);
        accounts.apiKey(owner, Role.VIEWER);
        String keyId = api.get("/api/v1/api-keys")
                .bearer(owner.accessToken())
                .send()
                .json()
                .get("items")
                .get(0)
                .get("id")
                .asString();
        String invitationId = api.post(
                        "/api/v1/invitations", Map.of("email", TestAccounts.uniqueEmail(), "role", "viewer"))
                .bearer(owner.accessToken())
                .send()
                .json()
                .get("id")
                .asString();
        return Map.of(
                "/api/v1/members/{userId}", new Target("/api/v1/members/" + member.userId(), Map.of("role", "viewer")),
                "/api/v1/members/{userId}/transfer-ownership",
                        new Target("/api/v1/members/" + member.userId() + "/transfer-ownership", null),
                "/api/v1/api-keys/{id}", new Target("/api/v1/api-keys/" + keyId, null),
                "/api/v1/invitations/{id}", new Target("/api/v1/invitations/" + invitationId, null));
    }
}
