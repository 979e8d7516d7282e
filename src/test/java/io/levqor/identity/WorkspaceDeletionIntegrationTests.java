package io.levqor.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.shared.Role;
import io.levqor.support.HttpApi;
import io.levqor.support.HttpApi.Response;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.support.TestAccounts;
import io.levqor.support.TestAccounts.Account;
import io.levqor.support.TestDatabase;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@LevqorIntegrationTest
class WorkspaceDeletionIntegrationTests {

    @Autowired
    HttpApi api;

    @Autowired
    TestAccounts accounts;

    private final JdbcClient jdbc = JdbcClient.create(TestDatabase.dataSource());

    /** The owner's second workspace, with a member and an API key, the owner signed in there. */
    private Account secondWorkspace(Account owner) {
        Response created = api.post("/api/v1/workspaces", Map.of("name", "Doomed"))
                .bearer(owner.accessToken())
                .send();
        String id = created.json().get("id").asString();
        Response switched = api.post("/api/v1/auth/switch-workspace", Map.of("workspaceId", id))
                .bearer(owner.accessToken())
                .send();
        return new Account(
                owner.userId(),
                id,
                owner.email(),
                owner.password(),
                switched.json().get("accessToken").asString(),
                switched.json().get("refreshToken").asString(),
                Role.OWNER);
    }

    @Test
    void deletingAWorkspaceEndsEveryWayIntoItAtOnce() {
        Account owner = accounts.signUp();
        Account inDoomed = secondWorkspace(owner);
        Account member = accounts.member(inDoomed, Role.ADMIN);
        String key = accounts.apiKey(inDoomed, Role.ADMIN);
        api.post("/api/v1/invitations", Map.of("email", TestAccounts.uniqueEmail(), "role", "user"))
                .bearer(inDoomed.accessToken())
                .send();
        assertThat(api.get("/api/v1/members").bearer(key).send().status()).isEqualTo(200);
        Map<String, Object> definition = Map.of(
                "trigger", Map.of("type", "webhook"),
                "steps", List.of(Map.of("id", "a", "type", "test-noop")));
        Response workflow = api.post("/api/v1/workflows", Map.of("name", "Hooked", "definition", definition))
                .bearer(inDoomed.accessToken())
                .send();
        assertThat(workflow.status()).as(workflow.body()).isEqualTo(201);
        String webhookUrl = workflow.json().get("webhookUrl").asString();
        String hook = webhookUrl.substring(webhookUrl.indexOf("/hooks/"));
        Response credential = api.post(
                        "/api/v1/credentials",
                        Map.of("name", "token", "type", "bearer", "data", Map.of("token", "s3cret")))
                .bearer(inDoomed.accessToken())
                .send();
        assertThat(credential.status()).as(credential.body()).isEqualTo(201);

        Response deleted = api.delete("/api/v1/workspaces/" + inDoomed.workspaceId())
                .bearer(inDoomed.accessToken())
                .send();

        assertThat(deleted.status()).as(deleted.body()).isEqualTo(204);
        assertThat(api.get("/api/v1/me").bearer(inDoomed.accessToken()).send().status())
                .isEqualTo(401);
        assertThat(api.get("/api/v1/members")
                        .bearer(member.accessToken())
                        .send()
                        .status())
                .isEqualTo(401);
        assertThat(api.get("/api/v1/members").bearer(key).send().status()).isEqualTo(401);
        assertThat(api.post("/api/v1/auth/refresh", Map.of("refreshToken", inDoomed.refreshToken()))
                        .send()
                        .status())
                .isEqualTo(401);
        assertThat(api.post("/api/v1/auth/switch-workspace", Map.of("workspaceId", inDoomed.workspaceId()))
                        .bearer(owner.accessToken())
                        .send()
                        .status())
                .isEqualTo(404);
        // The owner's other workspace is untouched and no longer lists the deleted one.
        Response mine =
                api.get("/api/v1/workspaces").bearer(owner.accessToken()).send();
        assertThat(mine.status()).isEqualTo(200);
        assertThat(mine.json().get("items").findValuesAsString("id")).containsExactly(owner.workspaceId());

        UUID doomed = UUID.fromString(inDoomed.workspaceId());
        for (String table : new String[] {"membership", "invitation", "api_key", "identity_idempotency_key"}) {
            assertThat(jdbc.sql("SELECT count(*) FROM " + table + " WHERE tenant_id = :t")
                            .param("t", doomed)
                            .query(Integer.class)
                            .single())
                    .as(table)
                    .isZero();
        }
        assertThat(jdbc.sql("SELECT count(*) FROM session WHERE tenant_id = :t AND revoked_at IS NULL")
                        .param("t", doomed)
                        .query(Integer.class)
                        .single())
                .isZero();
        assertThat(jdbc.sql("SELECT deleted_at IS NOT NULL FROM workspace WHERE id = :t")
                        .param("t", doomed)
                        .query(Boolean.class)
                        .single())
                .isTrue();
        assertThat(jdbc.sql("SELECT action FROM audit_log WHERE tenant_id = :t ORDER BY seq DESC LIMIT 1")
                        .param("t", doomed)
                        .query(String.class)
                        .single())
                .isEqualTo("workspace.deleted");

        // The workflow module purges the workspace's workflows after commit: its webhook stops starting runs.
        Instant deadline = Instant.now().plusSeconds(20);
        int hookStatus;
        do {
            hookStatus = api.post(hook, Map.of("x", 1)).send().status();
        } while (hookStatus != 404 && Instant.now().isBefore(deadline));
        assertThat(hookStatus).isEqualTo(404);
        int credentials;
        do {
            credentials = jdbc.sql("SELECT count(*) FROM credential WHERE tenant_id = :t")
                    .param("t", doomed)
                    .query(Integer.class)
                    .single();
        } while (credentials != 0 && Instant.now().isBefore(deadline));
        assertThat(credentials).isZero();

        // A member whose only workspace it was gets a new personal one at the next login.
        Response login = api.post("/api/v1/auth/login", Map.of("email", member.email(), "password", member.password()))
                .send();
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.json().get("workspaceId").asString()).isNotEqualTo(inDoomed.workspaceId());
    }

    @Test
    void theOwnersLastWorkspaceIsNotDeleted() {
        Account owner = accounts.signUp();

        Response refused = api.delete("/api/v1/workspaces/" + owner.workspaceId())
                .bearer(owner.accessToken())
                .send();

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("type").asString()).endsWith("/last-workspace");
        assertThat(api.get("/api/v1/me").bearer(owner.accessToken()).send().status())
                .isEqualTo(200);
    }

    @Test
    void onlyTheWorkspaceTheTokenActsOnCanBeDeletedAndOnlyByAUser() {
        Account owner = accounts.signUp();
        Account inSecond = secondWorkspace(owner);
        Account stranger = accounts.signUp();
        String ownerKey = accounts.apiKey(inSecond, Role.OWNER);

        assertThat(api.delete("/api/v1/workspaces/" + inSecond.workspaceId())
                        .bearer(owner.accessToken())
                        .send()
                        .status())
                .isEqualTo(404);
        assertThat(api.delete("/api/v1/workspaces/" + inSecond.workspaceId())
                        .bearer(stranger.accessToken())
                        .send()
                        .status())
                .isEqualTo(404);
        assertThat(api.delete("/api/v1/workspaces/" + inSecond.workspaceId())
                        .bearer(ownerKey)
                        .send()
                        .status())
                .isEqualTo(403);
        assertThat(api.delete("/api/v1/workspaces/not-a-uuid")
                        .bearer(inSecond.accessToken())
                        .send()
                        .status())
                .isEqualTo(400);
        assertThat(api.get("/api/v1/me").bearer(inSecond.accessToken()).send().status())
                .isEqualTo(200);
    }
}
