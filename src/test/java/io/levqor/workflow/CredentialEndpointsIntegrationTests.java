package io.levqor.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.shared.Role;
import io.levqor.support.HttpApi;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.support.TestAccounts;
import io.levqor.support.TestAccounts.Account;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@LevqorIntegrationTest
class CredentialEndpointsIntegrationTests {

    static final String SECRET = "xoxb-endpoint-secret-42";

    @Autowired
    HttpApi api;

    @Autowired
    TestAccounts accounts;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aManagerCreatesListsReplacesAndDeletesAndDataNeverComesBack() {
        Account owner = accounts.signUp();

        HttpApi.Response created = api.post(
                        "/api/v1/credentials",
                        Map.of("name", "Slack bot", "type", "slack", "data", Map.of("botToken", SECRET)))
                .bearer(owner.accessToken())
                .send();

        assertThat(created.status()).isEqualTo(201);
        JsonNode body = created.json();
        String id = body.get("id").asString();
        assertThat(body.get("name").asString()).isEqualTo("Slack bot");
        assertThat(body.get("type").asString()).isEqualTo("slack");
        assertThat(body.has("data")).isFalse();
        assertThat(created.header("Location")).isEqualTo("/api/v1/credentials/" + id);
        assertThat(created.body()).doesNotContain(SECRET);

        HttpApi.Response list =
                api.get("/api/v1/credentials").bearer(owner.accessToken()).send();
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().get("items")).hasSize(1);
        assertThat(list.json().get("items").get(0).get("id").asString()).isEqualTo(id);
        assertThat(list.body()).doesNotContain(SECRET);

        HttpApi.Response replaced = api.put(
                        "/api/v1/credentials/" + id, Map.of("data", Map.of("botToken", "xoxb-new-1")))
                .bearer(owner.accessToken())
                .send();
        assertThat(replaced.status()).isEqualTo(200);
        assertThat(replaced.body()).doesNotContain("xoxb-new-1");

        assertThat(api.delete("/api/v1/credentials/" + id)
                        .bearer(owner.accessToken())
                        .send()
                        .status())
                .isEqualTo(204);
        assertThat(api.get("/api/v1/credentials")
                        .bearer(owner.accessToken())
                        .send()
                        .json()
                        .get("items"))
                .isEmpty();
    }

    @Test
    void badDataIsA400NamingEachFieldAndNothingIsStored() {
        Account owner = accounts.signUp();

        HttpApi.Response response = api.post(
                        "/api/v1/credentials",
                        Map.of("name", "mail", "type", "smtp", "data", Map.of("port", 99999, "bogus", "x")))
                .bearer(owner.accessToken())
                .send();

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json()
                        .get("errors")
                        .valueStream()
                        .map(e -> e.get("field").asString()))
                .containsExactlyInAnyOrder("data.port", "data.bogus", "data.host", "data.from");
        assertThat(api.post("/api/v1/credentials", Map.of("name", "x", "type", "nope", "data", Map.of()))
                        .bearer(owner.accessToken())
                        .send()
                        .status())
                .isEqualTo(400);
        assertThat(jdbc.sql("SELECT count(*) FROM credential").query(Long.class).single())
                .isZero();
    }

    @Test
    void viewersListButOnlyManagersWrite() {
        Account owner = accounts.signUp();
        Account viewer = accounts.member(owner, Role.VIEWER);
        Account user = accounts.member(owner, Role.USER);
        Account manager = accounts.member(owner, Role.MANAGER);
        Map<String, Object> request = Map.of("name", "api", "type", "bearer", "data", Map.of("token", "t-123456"));

        assertThat(api.post("/api/v1/credentials", request)
                        .bearer(viewer.accessToken())
                        .send()
                        .status())
                .isEqualTo(403);
        assertThat(api.post("/api/v1/credentials", request)
                        .bearer(user.accessToken())
                        .send()
                        .status())
                .isEqualTo(403);
        String id = api.post("/api/v1/credentials", request)
                .bearer(manager.accessToken())
                .send()
                .json()
                .get("id")
                .asString();
        assertThat(api.get("/api/v1/credentials")
                        .bearer(viewer.accessToken())
                        .send()
                        .status())
                .isEqualTo(200);
        assertThat(api.delete("/api/v1/credentials/" + id)
                        .bearer(viewer.accessToken())
                        .send()
                        .status())
                .isEqualTo(403);
        assertThat(api.get("/api/v1/credentials").send().status()).isEqualTo(401);
    }

    @Test
    void anotherWorkspaceSees404AndChangesNothing() {
        Account alice = accounts.signUp();
        Account bob = accounts.signUp();
        String id = api.post(
                        "/api/v1/credentials",
                        Map.of("name", "api", "type", "bearer", "data", Map.of("token", "alice-token-1")))
                .bearer(alice.accessToken())
                .send()
                .json()
                .get("id")
                .asString();

        assertThat(api.get("/api/v1/credentials/" + id)
                        .bearer(bob.accessToken())
                        .send()
                        .status())
                .isEqualTo(404);
        assertThat(api.put("/api/v1/credentials/" + id, Map.of("data", Map.of("token", "bob-token-1")))
                        .bearer(bob.accessToken())
                        .send()
                        .status())
                .isEqualTo(404);
        assertThat(api.delete("/api/v1/credentials/" + id)
                        .bearer(bob.accessToken())
                        .send()
                        .status())
                .isEqualTo(404);
        assertThat(api.get("/api/v1/credentials")
                        .bearer(bob.accessToken())
                        .send()
                        .json()
                        .get("items"))
                .isEmpty();
        assertThat(api.get("/api/v1/credentials/" + id)
                        .bearer(alice.accessToken())
                        .send()
                        .status())
                .isEqualTo(200);
    }

    @Test
    void aDuplicateNameIsAConflict() {
        Account owner = accounts.signUp();
        Map<String, Object> request = Map.of("name", "api", "type", "bearer", "data", Map.of("token", "t-123456"));
        api.post("/api/v1/credentials", request).bearer(owner.accessToken()).send();

        assertThat(api.post("/api/v1/credentials", request)
                        .bearer(owner.accessToken())
                        .send()
                        .status())
                .isEqualTo(409);
    }
}
