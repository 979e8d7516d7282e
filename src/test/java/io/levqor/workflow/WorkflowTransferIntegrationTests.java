package io.levqor.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.shared.Role;
import io.levqor.shared.WorkspaceId;
import io.levqor.support.HttpApi;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.support.TestAccounts;
import io.levqor.support.TestAccounts.Account;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code GET /api/v1/workflows/{id}/export} and {@code POST /api/v1/workflows/import}. */
@LevqorIntegrationTest
class WorkflowTransferIntegrationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    HttpApi api;

    @Autowired
    TestAccounts accounts;

    @Autowired
    Credentials credentials;

    @Test
    void aWorkflowTravelsToAnotherWorkspaceWithoutSecretsAndReportsTheCredentialsToMap() {
        Account source = accounts.signUp();
        credentials.create(workspace(source), "crm", "bearer", Map.of("token", "source-secret-123"));
        credentials.create(workspace(source), "alerts", "basic", Map.of("username", "u", "password", "pw-secret-456"));
        Map<String, Object> definition = Map.of(
                "description", "Orders to the CRM",
                "trigger", Map.of("type", "webhook", "secret", "hook-signing-secret-789"),
                "steps",
                        List.of(
                                Map.of(
                                        "id",
                                        "push",
                                        "type",
                                        "http",
                                        "method",
                                        "POST",
                                        "url",
                                        "https://crm.example.com/in",
                                        "credential",
                                        "crm"),
                                Map.of(
                                        "id",
                                        "route",
                                        "type",
                                        "switch",
                                        "cases",
                                        List.of(Map.of(
                                                "name",
                                                "big",
                                                "when",
                                                "{{ trigger.body.n > 1 }}",
                                                "steps",
                                                List.of(Map.of(
                                                        "id",
                                                        "alert",
                                                        "type",
                                                        "http",
                                                        "method",
                                                        "POST",
                                                        "url",
                                                        "https://alerts.example.com",
                                                        "credential",
                                                        "alerts")))))));
        String id = api.post("/api/v1/workflows", Map.of("name", "Orders", "definition", definition))
                .bearer(source.accessToken())
                .send()
                .json()
                .get("id")
                .asString();

        Account viewer = accounts.member(source, Role.VIEWER);
        HttpApi.Response exported = api.get("/api/v1/workflows/" + id + "/export")
                .bearer(viewer.accessToken())
                .send();
        assertThat(exported.status()).as(exported.body()).isEqualTo(200);
        JsonNode document = exported.json();
        assertThat(document.get("format").asString()).isEqualTo("levqor-workflow");
        assertThat(document.get("formatVersion").asInt()).isEqualTo(1);
        assertThat(document.get("name").asString()).isEqualTo("Orders");
        assertThat(document.get("description").asString()).isEqualTo("Orders to the CRM");
        Map<String, Object> unsigned = new HashMap<>(definition);
        unsigned.put("trigger", Map.of("type", "webhook"));
        assertThat(document.get("definition")).isEqualTo(JSON.valueToTree(unsigned));
        assertThat(document.get("credentials").toString())
                .isEqualTo("[{\"name\":\"crm\",\"type\":\"bearer\"},{\"name\":\"alerts\",\"type\":\"basic\"}]");
        assertThat(exported.body())
                .doesNotContain("source-secret-123")
                .doesNotContain("pw-secret-456")
                .doesNotContain("hook-signing-secret-789");

        // Another workspace has a "crm" of the same type, and no "alerts": the import says which to map.
        Account target = accounts.signUp();
        credentials.create(workspace(target), "crm", "bearer", Map.of("token", "target-token"));
        @SuppressWarnings("unchecked")
        Map<String, Object> body = JSON.convertValue(document, Map.class);
        HttpApi.Response imported = api.post("/api/v1/workflows/import", body)
                .bearer(target.accessToken())
                .send();
        assertThat(imported.status()).as(imported.body()).isEqualTo(201);
        assertThat(imported.json().get("credentials").toString())
                .isEqualTo("[{\"name\":\"crm\",\"type\":\"bearer\",\"found\":true},"
                        + "{\"name\":\"alerts\",\"type\":\"basic\",\"found\":false}]");
        String copy = imported.json().get("workflowId").asString();
        JsonNode created = api.get("/api/v1/workflows/" + copy)
                .bearer(target.accessToken())
                .send()
                .json();
        assertThat(created.get("active").asBoolean()).isFalse();
        assertThat(created.get("name").asString()).isEqualTo("Orders");
        assertThat(created.get("definition")).isEqualTo(JSON.valueToTree(unsigned));

        // A newer format, another format, a definition with problems; a viewer may not import.
        Map<String, Object> newer = new HashMap<>(body);
        newer.put("formatVersion", 2);
        HttpApi.Response refused = api.post("/api/v1/workflows/import", newer)
                .bearer(target.accessToken())
                .send();
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().at("/errors/0/field").asString()).isEqualTo("formatVersion");
        Map<String, Object> other = new HashMap<>(body);
        other.put("format", "n8n");
        assertThat(api.post("/api/v1/workflows/import", other)
                        .bearer(target.accessToken())
                        .send()
                        .body())
                .contains("\"format\"");
        Map<String, Object> broken = new HashMap<>(body);
        broken.put(
                "definition",
                Map.of(
                        "trigger",
                        Map.of("type", "webhook"),
                        "steps",
                        List.of(Map.of("id", "x", "type", "http", "url", "nope"))));
        HttpApi.Response invalid = api.post("/api/v1/workflows/import", broken)
                .bearer(target.accessToken())
                .send();
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.body()).contains("/steps/0/url");
        assertThat(api.post("/api/v1/workflows/import", body)
                        .bearer(accounts.member(target, Role.VIEWER).accessToken())
                        .send()
                        .status())
                .isEqualTo(403);
        assertThat(api.get("/api/v1/workflows")
                        .bearer(target.accessToken())
                        .send()
                        .json()
                        .get("items")
                        .size())
                .isEqualTo(1);
    }

    private static WorkspaceId workspace(Account account) {
        return new WorkspaceId(UUID.fromString(account.workspaceId()));
    }
}
