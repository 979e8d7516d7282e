package io.levqor.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.levqor.shared.Role;
import io.levqor.shared.WorkspaceId;
import io.levqor.support.HttpApi;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.support.TestAccounts;
import io.levqor.support.TestAccounts.Account;
import io.levqor.workflow.Credentials;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** {@code POST /api/v1/workflows/test-step}: one step for real, through the run's executor, no run stored. */
@LevqorIntegrationTest
class StepTestIntegrationTests {

    @Autowired
    HttpApi api;

    @Autowired
    TestAccounts accounts;

    @Autowired
    Credentials credentials;

    @Test
    void runsOneStepForRealWithTheGivenDataAndStoresNoRun() throws IOException {
        List<String> keys = new CopyOnWriteArrayList<>();
        List<String> bodies = new CopyOnWriteArrayList<>();
        HttpServer peer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        peer.createContext("/in", exchange -> {
            keys.add(exchange.getRequestHeaders().getFirst("Idempotency-Key"));
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] answer = ("{\"auth\":\"" + exchange.getRequestHeaders().getFirst("Authorization") + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        peer.start();
        try {
            Account owner = accounts.signUp();
            credentials.create(
                    new WorkspaceId(UUID.fromString(owner.workspaceId())),
                    "peer",
                    "bearer",
                    Map.of("token", "very-secret-token-123"));
            String url = "http://127.0.0.1:" + peer.getAddress().getPort() + "/in";
            Map<String, Object> definition = Map.of(
                    "trigger", Map.of("type", "webhook"),
                    "steps",
                            List.of(
                                    Map.of(
                                            "id",
                                            "greet",
                                            "type",
                                            "transform",
                                            "output",
                                            "{{ 'Hi ' & trigger.body.name }}"),
                                    Map.of(
                                            "id",
                                            "num",
                                            "type",
                                            "transform",
                                            "output",
                                            "{{ $number(trigger.body.name) }}"),
                                    Map.of(
                                            "id",
                                            "call",
                                            "type",
                                            "http",
                                            "method",
                                            "POST",
                                            "url",
                                            url,
                                            "credential",
                                            "peer",
                                            "body",
                                            Map.of("text", "{{ steps.greet.output }}")),
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
                                                    "{{ trigger.body.n > 10 }}",
                                                    "steps",
                                                    List.of(Map.of(
                                                            "id",
                                                            "loud",
                                                            "type",
                                                            "transform",
                                                            "output",
                                                            "{{ $uppercase(steps.greet.output) }}"))))),
                                    Map.of(
                                            "id",
                                            "each",
                                            "type",
                                            "forEach",
                                            "items",
                                            "{{ trigger.body.list }}",
                                            "steps",
                                            List.of(Map.of(
                                                    "id",
                                                    "twice",
                                                    "type",
                                                    "transform",
                                                    "output",
                                                    "{{ {'n': item * 2, 'at': index} }}")))));

            // A cold JVM's first expression compilations (class loading, no JIT yet) can pass the validation time box
            // on a loaded machine; warm them up with the same definition so the checks below test the endpoint.
            for (int i = 0; i < 3; i++) {
                api.post("/api/v1/workflows/validate", Map.of("definition", definition))
                        .bearer(owner.accessToken())
                        .send();
            }

            // A side-effect step calls out for real, with the secret masked in what is answered.
            JsonNode call = test(owner, definition, "call", Map.of("steps", Map.of("greet", "Hi Ada")));
            assertThat(call.get("status").asString()).isEqualTo("succeeded");
            assertThat(bodies).containsExactly("{\"text\":\"Hi Ada\"}");
            assertThat(keys).singleElement().asString().endsWith(":call");
            assertThat(call.toString()).doesNotContain("very-secret-token-123").contains("***");
            assertThat(call.get("durationMs").asLong()).isNotNegative();
            assertThat(call.get("logs").isArray()).isTrue();

            // A pure step reads the trigger given; a nested step by its path; a loop's step with item and index.
            JsonNode greet = test(owner, definition, "greet", Map.of("trigger", Map.of("body", Map.of("name", "Bo"))));
            assertThat(greet.get("output").asString()).isEqualTo("Hi Bo");
            JsonNode loud = test(owner, definition, "route.cases[0].loud", Map.of("steps", Map.of("greet", "hey")));
            assertThat(loud.get("output").asString()).isEqualTo("HEY");
            assertThat(loud.get("path").asString()).isEqualTo("route.cases[0].loud");
            JsonNode twice = test(owner, definition, "each[4].twice", Map.of("item", 21));
            assertThat(twice.get("output").toString()).isEqualTo("{\"n\":42,\"at\":4}");
            assertThat(test(owner, definition, "twice", Map.of("item", 1, "index", 7))
                            .get("path")
                            .asString())
                    .isEqualTo("each[7].twice");
            JsonNode route = test(owner, definition, "route", Map.of("trigger", Map.of("body", Map.of("n", 11))));
            assertThat(route.get("output").get("branch").asString()).isEqualTo("big");
            JsonNode each =
                    test(owner, definition, "each", Map.of("trigger", Map.of("body", Map.of("list", List.of(1, 2)))));
            assertThat(each.get("output").toString()).isEqualTo("[1,2]");

            // Without data, a saved workflow's pinned sample data.
            String saved = api.post("/api/v1/workflows", Map.of("name", "Saved", "definition", definition))
                    .bearer(owner.accessToken())
                    .send()
                    .json()
                    .get("id")
                    .asString();
            api.put(
                            "/api/v1/workflows/" + saved + "/sample-data",
                            Map.of("trigger", Map.of("body", Map.of("name", "Pinned"))))
                    .bearer(owner.accessToken())
                    .send();
            HttpApi.Response pinned = api.post(
                            "/api/v1/workflows/test-step",
                            Map.of("definition", definition, "stepId", "greet", "workflowId", saved))
                    .bearer(owner.accessToken())
                    .send();
            assertThat(pinned.json().get("output").asString()).isEqualTo("Hi Pinned");

            // A failing expression is the step's error, not the request's.
            JsonNode failed = test(owner, definition, "num", Map.of("trigger", Map.of("body", Map.of("name", "Bo"))));
            assertThat(failed.get("status").asString()).isEqualTo("failed");
            assertThat(failed.get("error").asString()).contains("expression");

            // Bad input: the validator's pointers, an unknown step, bad data; a viewer may not test.
            HttpApi.Response bad = api.post(
                            "/api/v1/workflows/test-step",
                            Map.of(
                                    "definition",
                                    Map.of(
                                            "trigger",
                                            Map.of("type", "webhook"),
                                            "steps",
                                            List.of(Map.of("id", "x", "type", "http", "url", "nope"))),
                                    "stepId",
                                    "x"))
                    .bearer(owner.accessToken())
                    .send();
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.contentType()).startsWith("application/problem+json");
            assertThat(bad.body()).contains("/steps/0/url");
            HttpApi.Response unknown = api.post(
                            "/api/v1/workflows/test-step",
                            Map.of("definition", definition, "stepId", "nothing", "data", Map.of("steps", 3)))
                    .bearer(owner.accessToken())
                    .send();
            assertThat(unknown.status()).isEqualTo(400);
            assertThat(unknown.body()).contains("data.steps");
            assertThat(api.post("/api/v1/workflows/test-step", Map.of("definition", definition, "stepId", "nothing"))
                            .bearer(owner.accessToken())
                            .send()
                            .body())
                    .contains("stepId");
            Account viewer = accounts.member(owner, Role.VIEWER);
            assertThat(api.post("/api/v1/workflows/test-step", Map.of("definition", definition, "stepId", "greet"))
                            .bearer(viewer.accessToken())
                            .send()
                            .status())
                    .isEqualTo(403);

            // Nothing was stored as a run.
            assertThat(api.get("/api/v1/runs")
                            .bearer(owner.accessToken())
                            .send()
                            .json()
                            .get("items")
                            .size())
                    .isZero();
        } finally {
            peer.stop(0);
        }
    }

    private JsonNode test(Account owner, Object definition, String stepId, Object data) {
        HttpApi.Response response = api.post(
                        "/api/v1/workflows/test-step", Map.of("definition", definition, "stepId", stepId, "data", data))
                .bearer(owner.accessToken())
                .send();
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }
}
