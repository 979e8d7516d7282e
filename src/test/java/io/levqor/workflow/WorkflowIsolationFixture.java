package io.levqor.workflow;

import io.levqor.support.HttpApi;
import io.levqor.support.IsolationFixture;
import io.levqor.support.TestAccounts;
import io.levqor.support.TestAccounts.Account;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** The workflow endpoints' part of the cross-tenant matrix: one webhook workflow with two versions. */
@Component
class WorkflowIsolationFixture implements IsolationFixture {

    private final HttpApi api;

    WorkflowIsolationFixture(HttpApi api) {
        this.api = api;
    }

    @Override
    public Map<String, Target> create(Account owner, TestAccounts accounts) {
        Map<String, Object> definition = Map.of(
                "trigger", Map.of("type", "webhook"),
                "steps", List.of(Map.of("id", "a", "type", "test-noop", "note", "mine")));
        String id = api.post("/api/v1/workflows", Map.of("name", "Isolated", "definition", definition))
                .bearer(owner.accessToken())
                .send()
                .json()
                .get("id")
                .asString();
        api.put("/api/v1/workflows/" + id, Map.of("definition", definition))
                .bearer(owner.accessToken())
                .send();
        String path = "/api/v1/workflows/" + id;
        return Map.of(
                "/api/v1/workflows/{id}", new Target(path, Map.of("definition", definition)),
                "/api/v1/workflows/{id}/activate", new Target(path + "/activate", null),
                "/api/v1/workflows/{id}/deactivate", new Target(path + "/deactivate", null),
                "/api/v1/workflows/{id}/webhook/rotate", new Target(path + "/webhook/rotate", null),
                "/api/v1/workflows/{id}/versions", new Target(path + "/versions", null),
                "/api/v1/workflows/{id}/versions/{version}", new Target(path + "/versions/1", null));
    }
}
