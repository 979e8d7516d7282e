package io.levqor.engine;

import io.levqor.support.HttpApi;
import io.levqor.support.IsolationFixture;
import io.levqor.support.TestAccounts;
import io.levqor.support.TestAccounts.Account;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** The editor tools' part of the cross-tenant matrix: a webhook workflow with sample data, and one of its runs. */
@Component
class FlowToolsIsolationFixture implements IsolationFixture {

    private final HttpApi api;

    FlowToolsIsolationFixture(HttpApi api) {
        this.api = api;
    }

    @Override
    public Map<String, Target> create(Account owner, TestAccounts accounts) {
        Map<String, Object> definition = Map.of(
                "trigger", Map.of("type", "webhook"),
                "steps", List.of(Map.of("id", "a", "type", "test-noop", "note", "mine")));
        String id = api.post("/api/v1/workflows", Map.of("name", "Tools", "definition", definition))
                .bearer(owner.accessToken())
                .send()
                .json()
                .get("id")
                .asString();
        String path = "/api/v1/workflows/" + id;
        Map<String, Object> sample = Map.of("trigger", Map.of("body", Map.of("n", 1)), "steps", Map.of());
        api.put(path + "/sample-data", sample).bearer(owner.accessToken()).send();
        String runId = api.post(path + "/runs", Map.of("input", Map.of()))
                .bearer(owner.accessToken())
                .send()
                .json()
                .get("runId")
                .asString();
        return Map.of(
                "/api/v1/workflows/{id}/sample-data", new Target(path + "/sample-data", sample),
                "/api/v1/workflows/{id}/test-webhook/listen", new Target(path + "/test-webhook/listen", null),
                "/api/v1/workflows/{id}/test-webhook", new Target(path + "/test-webhook", null),
                "/api/v1/workflows/{id}/expression-paths", new Target(path + "/expression-paths", null),
                "/api/v1/workflows/{id}/export", new Target(path + "/export", null),
                "/api/v1/runs/{id}/sample-data", new Target("/api/v1/runs/" + runId + "/sample-data", null));
    }
}
