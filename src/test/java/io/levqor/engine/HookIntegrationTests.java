package io.levqor.engine;

import static io.levqor.engine.EngineFixtures.transform;
import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.engine.internal.Hooks;
import io.levqor.shared.WorkspaceId;
import io.levqor.support.HttpApi;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.workflow.WorkflowView;
import io.levqor.workflow.Workflows;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** {@code POST /hooks/{token}} over real HTTP. */
@LevqorIntegrationTest
class HookIntegrationTests {

    @Autowired
    org.springframework.context.ApplicationContext context;

    @Autowired
    HttpApi api;

    @Autowired
    Runs runs;

    @Autowired
    Workflows workflows;

    @Autowired
    Hooks hooks;

    private EngineFixtures fixtures;
    private final WorkspaceId workspace = WorkspaceId.newId();

    @BeforeEach
    void setUp() {
        fixtures = new EngineFixtures(context);
    }

    private WorkflowView hook(Map<String, Object> trigger, List<Map<String, Object>> steps, Object output) {
        return fixtures.workflow(workspace, Map.of("trigger", trigger, "steps", steps, "output", output));
    }

    @Test
    void anAsyncWebhookAnswersOnceTheRunIsQueuedAndExposesBodyHeadersAndQuery() {
        WorkflowView workflow = hook(
                Map.of("type", "webhook"),
                List.of(transform(
                        "seen",
                        Map.of(
                                "name", "{{ trigger.body.name }}",
                                "header", "{{ trigger.headers.`x-custom` }}",
                                "page", "{{ trigger.query.page }}"))),
                "{{ steps.seen.output }}");

        HttpApi.Response response = api.post("/hooks/" + workflow.webhookToken() + "?page=2", Map.of("name", "Ada"))
                .header("X-Custom", "yes")
                .send();

        assertThat(response.status()).isEqualTo(202);
        UUID runId = UUID.fromString(response.json().get("runId").asString());
        RunView run = fixtures.awaitEnd(workspace, runId);
        assertThat(run.status()).isEqualTo("succeeded");
        assertThat(run.trigger()).isEqualTo("webhook");
        assertThat(run.output()).isEqualTo(Map.of("name", "Ada", "header", "yes", "page", "2"));
    }

    @Test
    void aSyncWebhookAnswersTheRunsOutput() {
        WorkflowView workflow = hook(
                Map.of("type", "webhook", "respond", "sync"),
                List.of(transform("greet", Map.of("message", "{{ 'Hello ' & trigger.body.name }}"))),
                "{{ steps.greet.output }}");

        HttpApi.Response response = api.post("/hooks/" + workflow.webhookToken(), Map.of("name", "Ada"))
                .send();

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("message").asString()).isEqualTo("Hello Ada");
    }

    @Test
    void aSyncWebhookThatTakesTooLongAnswersTheStatusUrl() {
        WorkflowView workflow = hook(
                Map.of("type", "webhook", "respond", "sync"),
                List.of(Map.of("id", "wait", "type", "delay", "duration", "1h")),
                "done");
        Duration previous = hooks.syncTimeout(Duration.ofMillis(300));
        try {
            HttpApi.Response response =
                    api.post("/hooks/" + workflow.webhookToken(), Map.of()).send();

            assertThat(response.status()).isEqualTo(202);
            String runId = response.json().get("runId").asString();
            assertThat(response.json().get("statusUrl").asString()).endsWith("/api/v1/runs/" + runId);
        } finally {
            hooks.syncTimeout(previous);
        }
    }

    @Test
    void aSignedWebhookNeedsTheRightSignature() {
        WorkflowView workflow = hook(
                Map.of("type", "webhook", "secret", "s3cret-s3cret-s3cret"),
                List.of(transform("t", 1)),
                "{{ steps.t.output }}");
        String body = "{\"amount\":42}";
        String good = "sha256="
                + HexFormat.of().formatHex(Hooks.sign("s3cret-s3cret-s3cret", body.getBytes(StandardCharsets.UTF_8)));
        String bad = "sha256=" + HexFormat.of().formatHex(Hooks.sign("guess", body.getBytes(StandardCharsets.UTF_8)));

        HttpApi.Response unsigned =
                api.post("/hooks/" + workflow.webhookToken(), body).send();
        HttpApi.Response forged = api.post("/hooks/" + workflow.webhookToken(), body)
                .header("X-Levqor-Signature", bad)
                .send();

        assertThat(unsigned.status()).isEqualTo(401);
        assertThat(forged.status()).isEqualTo(401);
        assertThat(forged.contentType()).contains("application/problem+json");
        assertThat(runs.list(workspace, RunFilter.all(), null, 10).items()).isEmpty();

        HttpApi.Response signed = api.post("/hooks/" + workflow.webhookToken(), body)
                .header("X-Levqor-Signature", good)
                .send();
        assertThat(signed.status()).isEqualTo(202);
        assertThat(runs.list(workspace, RunFilter.all(), null, 10).items()).hasSize(1);
    }

    @Test
    void anUnknownOrInactiveWebhookIsNotFound() {
        WorkflowView workflow = hook(Map.of("type", "webhook"), List.of(transform("t", 1)), "x");
        workflows.deactivate(workspace, workflow.id());

        assertThat(api.post("/hooks/" + workflow.webhookToken(), Map.of())
                        .send()
                        .status())
                .isEqualTo(404);
        HttpApi.Response unknown = api.post("/hooks/nope", Map.of()).send();
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith("application/problem+json");
        assertThat(unknown.json().get("type").asString()).endsWith("/not-found");
        assertThat(unknown.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(runs.list(workspace, RunFilter.all(), null, 10).items()).isEmpty();
    }

    @Test
    void aWebhookAnswersOnlyPostAndRefusesABodyOverTheLimit() {
        WorkflowView workflow = hook(Map.of("type", "webhook"), List.of(transform("t", 1)), "x");
        String path = "/hooks/" + workflow.webhookToken();

        HttpApi.Response get = api.get(path).send();
        HttpApi.Response huge =
                api.post(path, Map.of("blob", "x".repeat(1_100_000))).send();

        assertThat(get.status()).isEqualTo(405);
        assertThat(get.contentType()).startsWith("application/problem+json");
        assertThat(huge.status()).isEqualTo(413);
        assertThat(huge.json().get("type").asString()).endsWith("/payload-too-large");
        assertThat(runs.list(workspace, RunFilter.all(), null, 10).items()).isEmpty();
    }

    @Test
    void concurrentWebhooksAreAllStoredOnce() throws Exception {
        WorkflowView workflow = hook(
                Map.of("type", "webhook"), List.of(transform("t", "{{ trigger.body.n }}")), "{{ steps.t.output }}");
        List<java.util.concurrent.Future<HttpApi.Response>> answers = new java.util.ArrayList<>();
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(16)) {
            for (int i = 0; i < 200; i++) {
                int n = i;
                answers.add(pool.submit(() -> api.post("/hooks/" + workflow.webhookToken(), Map.of("n", n))
                        .send()));
            }
        }
        java.util.Set<UUID> ids = new java.util.HashSet<>();
        for (var answer : answers) {
            assertThat(answer.get().status()).isEqualTo(202);
            ids.add(UUID.fromString(answer.get().json().get("runId").asString()));
        }
        assertThat(ids).hasSize(200);
        Eventually.await(
                "every run to end",
                () -> runs.list(workspace, new RunFilter(null, RunStatus.SUCCEEDED, null, null), null, 200)
                                .items()
                                .size()
                        == 200);
    }
}
