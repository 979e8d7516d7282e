package io.levqor.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.shared.Role;
import io.levqor.support.HttpApi;
import io.levqor.support.HttpApi.Response;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.support.TestAccounts;
import io.levqor.support.TestAccounts.Account;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@LevqorIntegrationTest
class IdempotencyKeyIntegrationTests {

    @Autowired
    HttpApi api;

    @Autowired
    TestAccounts accounts;

    private Response post(Account caller, String path, Map<String, Object> body, String key) {
        return api.post(path, body)
                .bearer(caller.accessToken())
                .header("Idempotency-Key", key)
                .send();
    }

    @Test
    void aRepeatedWorkspaceCreationAnswersTheFirstWorkspace() {
        Account owner = accounts.signUp();

        Response first = post(owner, "/api/v1/workspaces", Map.of("name", "Acme"), "ws-1");
        Response again = post(owner, "/api/v1/workspaces", Map.of("name", "Acme"), "ws-1");

        assertThat(first.status()).as(first.body()).isEqualTo(201);
        assertThat(again.status()).as(again.body()).isEqualTo(201);
        assertThat(again.json().get("id").asString())
                .isEqualTo(first.json().get("id").asString());
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(first.header("Idempotent-Replayed")).isNull();
        assertThat(api.get("/api/v1/workspaces")
                        .bearer(owner.accessToken())
                        .send()
                        .json()
                        .get("items")
                        .size())
                .isEqualTo(2);

        Response otherBody = post(owner, "/api/v1/workspaces", Map.of("name", "Other"), "ws-1");
        assertThat(otherBody.status()).isEqualTo(422);
        assertThat(otherBody.json().get("type").asString()).endsWith("/idempotency-key-reused");

        // The key belongs to its caller: another user's request with it is a request of its own.
        Account someoneElse = accounts.signUp();
        Response theirs = post(someoneElse, "/api/v1/workspaces", Map.of("name", "Acme"), "ws-1");
        assertThat(theirs.status()).isEqualTo(201);
        assertThat(theirs.json().get("id").asString())
                .isNotEqualTo(first.json().get("id").asString());
    }

    @Test
    void aRepeatedInvitationAnswersTheFirstAndSendsOneMail() {
        Account owner = accounts.signUp();
        String email = TestAccounts.uniqueEmail();
        Map<String, Object> body = Map.of("email", email, "role", "user");

        Response first = post(owner, "/api/v1/invitations", body, "inv-1");
        Response again = post(owner, "/api/v1/invitations", body, "inv-1");

        assertThat(first.status()).as(first.body()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.json().get("id").asString())
                .isEqualTo(first.json().get("id").asString());
        assertThat(again.json().get("expiresAt").asString())
                .isEqualTo(first.json().get("expiresAt").asString());
        assertThat(api.get("/api/v1/invitations")
                        .bearer(owner.accessToken())
                        .send()
                        .json()
                        .get("items")
                        .size())
                .isEqualTo(1);
    }

    @Test
    void aRepeatedApiKeyCreationNeverShowsTheSecretTwice() {
        Account owner = accounts.signUp();
        Map<String, Object> body = Map.of("name", "ci", "role", "user");

        Response first = post(owner, "/api/v1/api-keys", body, "key-1");
        Response again = post(owner, "/api/v1/api-keys", body, "key-1");

        assertThat(first.status()).as(first.body()).isEqualTo(201);
        String secret = first.json().get("key").asString();
        assertThat(secret).startsWith("lvq_");
        assertThat(again.status()).as(again.body()).isEqualTo(409);
        assertThat(again.json().get("type").asString()).endsWith("/idempotent-secret-shown-once");
        assertThat(again.json().get("apiKey").get("id").asString())
                .isEqualTo(first.json().get("id").asString());
        assertThat(again.body()).doesNotContain(secret).doesNotContain(secret.substring(10));
        assertThat(again.json().get("apiKey").has("key")).isFalse();
        assertThat(api.get("/api/v1/api-keys")
                        .bearer(owner.accessToken())
                        .send()
                        .json()
                        .get("items")
                        .size())
                .isEqualTo(1);
        // The key made by the first request works.
        assertThat(api.get("/api/v1/members").bearer(secret).send().status()).isEqualTo(200);
    }

    @Test
    void anApiKeyCallerHasItsOwnKeys() {
        Account owner = accounts.signUp();
        String adminKey = accounts.apiKey(owner, Role.ADMIN);
        Map<String, Object> body = Map.of("name", "deploy", "role", "viewer");

        Response byKey = api.post("/api/v1/api-keys", body)
                .bearer(adminKey)
                .header("Idempotency-Key", "same")
                .send();
        Response byKeyAgain = api.post("/api/v1/api-keys", body)
                .bearer(adminKey)
                .header("Idempotency-Key", "same")
                .send();
        Response byOwner = post(owner, "/api/v1/api-keys", body, "same");

        assertThat(byKey.status()).as(byKey.body()).isEqualTo(201);
        assertThat(byKeyAgain.status()).isEqualTo(409);
        assertThat(byKeyAgain.json().get("apiKey").get("id").asString())
                .isEqualTo(byKey.json().get("id").asString());
        assertThat(byOwner.status()).isEqualTo(201);
        assertThat(byOwner.json().get("id").asString())
                .isNotEqualTo(byKey.json().get("id").asString());
    }

    @Test
    void aMalformedKeyIsABadRequestNamingTheHeaderAndCreatesNothing() {
        Account owner = accounts.signUp();

        Response refused = post(owner, "/api/v1/workspaces", Map.of("name", "Acme"), "x".repeat(256));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("errors").findValuesAsString("field")).containsExactly("Idempotency-Key");
        assertThat(api.get("/api/v1/workspaces")
                        .bearer(owner.accessToken())
                        .send()
                        .json()
                        .get("items")
                        .size())
                .isEqualTo(1);
    }

    @Test
    void badInputWithAKeyIsRefusedAndDoesNotUseTheKeyUp() {
        Account owner = accounts.signUp();

        Response bad = post(owner, "/api/v1/api-keys", Map.of("name", "ci", "role", "boss"), "k");
        Response good = post(owner, "/api/v1/api-keys", Map.of("name", "ci", "role", "user"), "k");

        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("errors").findValuesAsString("field")).containsExactly("role");
        assertThat(good.status()).as(good.body()).isEqualTo(201);
    }
}
