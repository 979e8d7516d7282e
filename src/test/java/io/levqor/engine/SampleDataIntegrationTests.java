package io.levqor.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.shared.Role;
import io.levqor.shared.WorkspaceId;
import io.levqor.support.HttpApi;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.support.MutableClock;
import io.levqor.support.TestAccounts;
import io.levqor.support.TestAccounts.Account;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The editor's data: pinned sample data, "use this run's data as sample", expression preview and paths, and the
 * test-webhook capture.
 */
@LevqorIntegrationTest
class SampleDataIntegrationTests {

    @Autowired
    org.springframework.context.ApplicationContext context;

    @Autowired
    HttpApi api;

    @Autowired
    TestAccounts accounts;

    @Autowired
    MutableClock clock;

    private static final Map<String, Object> DEFINITION = Map.of(
            "trigger", Map.of("type", "webhook"),
            "steps",
                    List.of(Map.of(
                            "id",
                            "greet",
                            "type",
                            "transform",
                            "output",
                            Map.of("text", "{{ 'Hi ' & trigger.body.name }}"))));

    @Test
    void sampleDataIsPinnedTakenFromARunAndPreviewedAndCompleted() {
        Account owner = accounts.signUp();
        JsonNode workflow = create(owner, true);
        String id = workflow.get("id").asString();
        String sample = "/api/v1/workflows/" + id + "/sample-data";

        JsonNode empty = api.get(sample).bearer(owner.accessToken()).send().json();
        assertThat(empty.get("trigger").size()).isZero();
        assertThat(empty.get("steps").size()).isZero();
        HttpApi.Response put = api.put(
                        sample,
                        Map.of(
                                "trigger", Map.of("body", Map.of("name", "Ada", "first name", "A")),
                                "steps", Map.of("greet", Map.of("text", "Hi Ada"))))
                .bearer(owner.accessToken())
                .send();
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        Account viewer = accounts.member(owner, Role.VIEWER);
        JsonNode read = api.get(sample).bearer(viewer.accessToken()).send().json();
        assertThat(read.at("/trigger/body/name").asString()).isEqualTo("Ada");
        assertThat(read.at("/steps/greet/text").asString()).isEqualTo("Hi Ada");
        assertThat(api.put(sample, Map.of("trigger", Map.of()))
                        .bearer(viewer.accessToken())
                        .send()
                        .status())
                .isEqualTo(403);
        HttpApi.Response tooBig = api.put(sample, Map.of("trigger", Map.of("body", "x".repeat(300_000))))
                .bearer(owner.accessToken())
                .send();
        assertThat(tooBig.status()).isEqualTo(400);
        assertThat(tooBig.json().at("/errors/0/field").asString()).isEqualTo("trigger");
        assertThat(api.put(sample, Map.of("steps", "x"))
                        .bearer(owner.accessToken())
                        .send()
                        .body())
                .contains("\"steps\"");

        // Preview on the pinned sample, on given data; an expression's own problem is its answer, not a 400.
        assertThat(preview(viewer, Map.of("workflowId", id, "expression", "{{ 'Hi ' & trigger.body.name }}")))
                .isEqualTo("{\"value\":\"Hi Ada\"}");
        assertThat(preview(viewer, Map.of("workflowId", id, "expression", "{{ steps.greet.output }}")))
                .isEqualTo("{\"value\":{\"text\":\"Hi Ada\"}}");
        assertThat(preview(
                        viewer,
                        Map.of(
                                "expression",
                                "{{ item.n * index }}",
                                "data",
                                Map.of("item", Map.of("n", 6), "index", 7))))
                .isEqualTo("{\"value\":42}");
        assertThat(preview(viewer, Map.of("expression", "{{ (1 + }}", "data", Map.of())))
                .contains("\"error\"");
        assertThat(preview(viewer, Map.of("expression", "{{ $number('x') }}", "data", Map.of())))
                .contains("\"error\"");
        HttpApi.Response noExpression = api.post("/api/v1/expressions/preview", Map.of("data", Map.of()))
                .bearer(viewer.accessToken())
                .send();
        assertThat(noExpression.status()).isEqualTo(400);
        assertThat(noExpression.body()).contains("expression");

        // A run's data becomes the sample: its trigger (without secret headers) and its steps' outputs.
        String token = token(workflow);
        HttpApi.Response hook = api.post("/hooks/" + token, Map.of("name", "Run"))
                .header("Authorization", "Bearer do-not-keep")
                .header("X-Custom", "yes")
                .send();
        UUID runId = UUID.fromString(hook.json().get("runId").asString());
        new EngineFixtures(context).awaitEnd(new WorkspaceId(UUID.fromString(owner.workspaceId())), runId);
        HttpApi.Response used = api.post("/api/v1/runs/" + runId + "/sample-data", Map.of())
                .bearer(owner.accessToken())
                .send();
        assertThat(used.status()).as(used.body()).isEqualTo(200);
        assertThat(used.json().at("/trigger/body/name").asString()).isEqualTo("Run");
        assertThat(used.json().at("/steps/greet/text").asString()).isEqualTo("Hi Run");
        assertThat(used.body()).doesNotContain("do-not-keep").contains("x-custom");
        assertThat(preview(viewer, Map.of("workflowId", id, "expression", "{{ steps.greet.output.text }}")))
                .isEqualTo("{\"value\":\"Hi Run\"}");

        JsonNode paths = api.get("/api/v1/workflows/" + id + "/expression-paths")
                .bearer(viewer.accessToken())
                .send()
                .json()
                .get("paths");
        assertThat(paths.valueStream().map(JsonNode::asString))
                .contains("trigger.body.name", "trigger.headers.`x-custom`", "steps.greet.output.text", "run.id");
    }

    @Test
    void aTestWebhookCallIsCapturedAsSampleDataWithoutStartingARun() {
        Account owner = accounts.signUp();
        JsonNode workflow = create(owner, false);
        String id = workflow.get("id").asString();
        String hook = "/hooks/" + token(workflow);
        String state = "/api/v1/workflows/" + id + "/test-webhook";
        try {
            assertThat(api.get(state)
                            .bearer(owner.accessToken())
                            .send()
                            .json()
                            .get("state")
                            .asString())
                    .isEqualTo("expired");
            JsonNode armed = api.post(state + "/listen", Map.of())
                    .bearer(owner.accessToken())
                    .send()
                    .json();
            assertThat(armed.get("state").asString()).isEqualTo("listening");

            // The inactive workflow's URL takes the one call, answers 200 and starts nothing.
            HttpApi.Response captured = api.post(hook + "?page=2", Map.of("name", "Cap"))
                    .header("Authorization", "Bearer do-not-keep")
                    .header("X-Custom", "yes")
                    .send();
            assertThat(captured.status()).isEqualTo(200);
            assertThat(captured.json().get("captured").asBoolean()).isTrue();
            JsonNode taken = api.get(state).bearer(owner.accessToken()).send().json();
            assertThat(taken.get("state").asString()).isEqualTo("captured");
            assertThat(taken.at("/trigger/body/name").asString()).isEqualTo("Cap");
            assertThat(taken.at("/trigger/query/page").asString()).isEqualTo("2");
            assertThat(taken.at("/trigger/headers/x-custom").asString()).isEqualTo("yes");
            assertThat(taken.toString()).doesNotContain("do-not-keep");
            assertThat(api.get("/api/v1/workflows/" + id + "/sample-data")
                            .bearer(owner.accessToken())
                            .send()
                            .json()
                            .at("/trigger/body/name")
                            .asString())
                    .isEqualTo("Cap");
            assertThat(api.post(hook, Map.of()).send().status()).isEqualTo(404);

            // Armed again and left alone, it expires; an inactive workflow's URL is then unknown again.
            api.post(state + "/listen", Map.of()).bearer(owner.accessToken()).send();
            clock.advance(Duration.ofMinutes(3));
            assertThat(api.get(state)
                            .bearer(owner.accessToken())
                            .send()
                            .json()
                            .get("state")
                            .asString())
                    .isEqualTo("expired");
            assertThat(api.post(hook, Map.of()).send().status()).isEqualTo(404);

            // An active workflow: the armed capture takes the first call, the next one starts a run.
            api.post("/api/v1/workflows/" + id + "/activate", Map.of())
                    .bearer(owner.accessToken())
                    .send();
            api.post(state + "/listen", Map.of()).bearer(owner.accessToken()).send();
            assertThat(api.post(hook, Map.of("name", "Two")).send().status()).isEqualTo(200);
            assertThat(api.get("/api/v1/runs")
                            .bearer(owner.accessToken())
                            .send()
                            .json()
                            .get("items")
                            .size())
                    .isZero();
            assertThat(api.post(hook, Map.of("name", "Three")).send().status()).isEqualTo(202);

            // Only a webhook workflow can listen; a viewer cannot arm one.
            String manual = api.post(
                            "/api/v1/workflows",
                            Map.of(
                                    "name",
                                    "Manual",
                                    "definition",
                                    Map.of("trigger", Map.of("type", "manual"), "steps", List.of())))
                    .bearer(owner.accessToken())
                    .send()
                    .json()
                    .get("id")
                    .asString();
            assertThat(api.post("/api/v1/workflows/" + manual + "/test-webhook/listen", Map.of())
                            .bearer(owner.accessToken())
                            .send()
                            .status())
                    .isEqualTo(409);
            assertThat(api.post(state + "/listen", Map.of())
                            .bearer(accounts.member(owner, Role.VIEWER).accessToken())
                            .send()
                            .status())
                    .isEqualTo(403);
        } finally {
            clock.reset();
        }
    }

    private JsonNode create(Account owner, boolean active) {
        HttpApi.Response created = api.post(
                        "/api/v1/workflows", Map.of("name", "Sample", "definition", DEFINITION, "active", active))
                .bearer(owner.accessToken())
                .send();
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json();
    }

    private static String token(JsonNode workflow) {
        String url = workflow.get("webhookUrl").asString();
        return url.substring(url.lastIndexOf('/') + 1);
    }

    private String preview(Account caller, Map<String, Object> body) {
        HttpApi.Response response = api.post("/api/v1/expressions/preview", body)
                .bearer(caller.accessToken())
                .send();
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.body();
    }
}
