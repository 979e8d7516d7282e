package io.levqor.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.shared.Role;
import io.levqor.support.HttpApi;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.support.TestAccounts;
import io.levqor.support.TestAccounts.Account;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** The runs API over real HTTP with real tokens: shapes, roles, and that workspaces never see each other. */
@LevqorIntegrationTest
class RunApiIntegrationTests {

    @Autowired
    HttpApi api;

    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    private TestAccounts accounts;
    private Account owner;

    @BeforeEach
    void setUp() {
        accounts = new TestAccounts(api);
        owner = accounts.signUp();
        ScriptedStep.reset();
    }

    private String workflow(Account account, List<Map<String, Object>> steps, Object output) {
        HttpApi.Response created = api.post(
                        "/api/v1/workflows",
                        Map.of(
                                "name",
                                "api test",
                                "definition",
                                Map.of("trigger", Map.of("type", "manual"), "steps", steps, "output", output)))
                .bearer(account.accessToken())
                .send();
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    private JsonNode awaitRun(Account account, String runId, String status) {
        return Eventually.await(
                "run " + runId + " to be " + status,
                Duration.ofSeconds(30),
                () -> api.get("/api/v1/runs/" + runId)
                        .bearer(account.accessToken())
                        .send()
                        .json(),
                run -> status.equals(run.get("status").asString()));
    }

    @Test
    void startsARunAndShowsItStepByStep() {
        String workflowId = workflow(
                owner,
                List.of(Map.of("id", "greet", "type", "transform", "output", "{{ 'Hi ' & trigger.input.name }}")),
                "{{ steps.greet.output }}");

        HttpApi.Response started = api.post(
                        "/api/v1/workflows/" + workflowId + "/runs", Map.of("input", Map.of("name", "Ada")))
                .bearer(owner.accessToken())
                .header("Idempotency-Key", "order-1")
                .send();
        HttpApi.Response repeated = api.post(
                        "/api/v1/workflows/" + workflowId + "/runs", Map.of("input", Map.of("name", "Bob")))
                .bearer(owner.accessToken())
                .header("Idempotency-Key", "order-1")
                .send();

        assertThat(started.status()).isEqualTo(202);
        String runId = started.json().get("runId").asString();
        // Its only step is pure, so it ran on arrival and was stored already ended.
        assertThat(started.json().get("status").asString()).isEqualTo("succeeded");
        assertThat(repeated.status()).isEqualTo(202);
        assertThat(repeated.json().get("runId").asString()).isEqualTo(runId);

        JsonNode run = awaitRun(owner, runId, "succeeded");
        assertThat(run.get("id").asString()).isEqualTo(runId);
        assertThat(run.get("workflowId").asString()).isEqualTo(workflowId);
        assertThat(run.get("version").asInt()).isEqualTo(1);
        assertThat(run.get("trigger").asString()).isEqualTo("api");
        assertThat(run.get("input").get("name").asString()).isEqualTo("Ada");
        assertThat(run.get("output").asString()).isEqualTo("Hi Ada");
        assertThat(run.get("createdAt").asString()).isNotBlank();
        assertThat(run.get("finishedAt").asString()).isNotBlank();
        JsonNode step = run.get("steps").get(0);
        assertThat(step.get("id").asString()).isEqualTo("greet");
        assertThat(step.get("path").asString()).isEqualTo("greet");
        assertThat(step.get("type").asString()).isEqualTo("transform");
        assertThat(step.get("status").asString()).isEqualTo("succeeded");
        JsonNode attempt = step.get("attempts").get(0);
        assertThat(attempt.get("number").asInt()).isEqualTo(1);
        assertThat(attempt.get("output").asString()).isEqualTo("Hi Ada");
        assertThat(attempt.get("startedAt").asString()).isNotBlank();

        JsonNode list = api.get("/api/v1/runs?workflowId=" + workflowId)
                .bearer(owner.accessToken())
                .send()
                .json();
        assertThat(list.get("items")).hasSize(1);
        assertThat(list.get("items").get(0).get("id").asString()).isEqualTo(runId);
    }

    @Test
    void deadLettersAreListedAndRetried() {
        String workflowId = workflow(
                owner,
                List.of(Map.of("id", "fragile", "type", "scripted", "permanent", true)),
                "{{ steps.fragile.output.attempt }}");
        String runId = api.post("/api/v1/workflows/" + workflowId + "/runs", Map.of("input", Map.of()))
                .bearer(owner.accessToken())
                .send()
                .json()
                .get("runId")
                .asString();
        awaitRun(owner, runId, "failed");

        JsonNode deadLetters = api.get("/api/v1/runs?status=failed")
                .bearer(owner.accessToken())
                .send()
                .json();
        assertThat(deadLetters.get("items")).hasSize(1);
        assertThat(deadLetters.get("items").get(0).get("error").asString()).contains("fragile");

        ScriptedStep.healed.add(UUID.fromString(runId));
        HttpApi.Response retried = api.post("/api/v1/runs/" + runId + "/retry", "")
                .bearer(owner.accessToken())
                .send();
        assertThat(retried.status()).isEqualTo(200);
        awaitRun(owner, runId, "succeeded");
        assertThat(api.get("/api/v1/runs?status=failed")
                        .bearer(owner.accessToken())
                        .send()
                        .json()
                        .get("items"))
                .isEmpty();
    }

    @Test
    void waitingRunsAreListedCountedAndCancellable() {
        String workflowId = workflow(owner, List.of(Map.of("id", "nap", "type", "delay", "duration", "1h")), "x");
        String runId = api.post("/api/v1/workflows/" + workflowId + "/runs", Map.of("input", Map.of()))
                .bearer(owner.accessToken())
                .send()
                .json()
                .get("runId")
                .asString();
        awaitRun(owner, runId, "running");
        // What a wait step leaves behind: the run parked as 'waiting', no job.
        jdbc.sql("DELETE FROM job WHERE run_id = :id")
                .param("id", UUID.fromString(runId))
                .update();
        jdbc.sql("UPDATE run SET status = 'waiting' WHERE id = :id")
                .param("id", UUID.fromString(runId))
                .update();

        JsonNode waiting = api.get("/api/v1/runs?status=waiting")
                .bearer(owner.accessToken())
                .send()
                .json();
        assertThat(waiting.get("items")).hasSize(1);
        assertThat(waiting.get("items").get(0).get("status").asString()).isEqualTo("waiting");
        assertThat(api.get("/metrics").send().body()).contains("levqor_runs_waiting{application=\"levqor\"} 1.0");

        HttpApi.Response cancelled = api.post("/api/v1/runs/" + runId + "/cancel", "")
                .bearer(owner.accessToken())
                .send();
        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.json().get("status").asString()).isEqualTo("cancelled");
        assertThat(api.get("/metrics").send().body()).contains("levqor_runs_waiting{application=\"levqor\"} 0.0");
    }

    @Test
    void cancelStopsARunByApi() {
        String workflowId = workflow(owner, List.of(Map.of("id", "wait", "type", "delay", "duration", "1h")), "x");
        String runId = api.post("/api/v1/workflows/" + workflowId + "/runs", Map.of("input", Map.of()))
                .bearer(owner.accessToken())
                .send()
                .json()
                .get("runId")
                .asString();

        HttpApi.Response cancelled = api.post("/api/v1/runs/" + runId + "/cancel", "")
                .bearer(owner.accessToken())
                .send();

        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.json().get("status").asString()).isEqualTo("cancelled");
        HttpApi.Response again = api.post("/api/v1/runs/" + runId + "/cancel", "")
                .bearer(owner.accessToken())
                .send();
        assertThat(again.status()).isEqualTo(409);
    }

    @Test
    void anotherWorkspaceCanNeitherSeeNorTouchTheRuns() {
        String workflowId = workflow(owner, List.of(Map.of("id", "wait", "type", "delay", "duration", "1h")), "x");
        String runId = api.post("/api/v1/workflows/" + workflowId + "/runs", Map.of("input", Map.of()))
                .bearer(owner.accessToken())
                .send()
                .json()
                .get("runId")
                .asString();
        Account stranger = accounts.signUp();

        assertThat(api.get("/api/v1/runs/" + runId)
                        .bearer(stranger.accessToken())
                        .send()
                        .status())
                .isEqualTo(404);
        assertThat(api.post("/api/v1/runs/" + runId + "/cancel", "")
                        .bearer(stranger.accessToken())
                        .send()
                        .status())
                .isEqualTo(404);
        assertThat(api.post("/api/v1/runs/" + runId + "/retry", "")
                        .bearer(stranger.accessToken())
                        .send()
                        .status())
                .isEqualTo(404);
        assertThat(api.post("/api/v1/workflows/" + workflowId + "/runs", Map.of("input", Map.of()))
                        .bearer(stranger.accessToken())
                        .send()
                        .status())
                .isEqualTo(404);
        assertThat(api.get("/api/v1/runs")
                        .bearer(stranger.accessToken())
                        .send()
                        .json()
                        .get("items"))
                .isEmpty();
        assertThat(api.get("/api/v1/runs/" + runId)
                        .bearer(owner.accessToken())
                        .send()
                        .json()
                        .get("status")
                        .asString())
                .isNotEqualTo("cancelled");
    }

    @Test
    void aViewerReadsRunsButCannotStartOrCancelThem() {
        String workflowId = workflow(owner, List.of(Map.of("id", "t", "type", "transform", "output", 1)), "x");
        Account viewer = accounts.member(owner, Role.VIEWER);

        assertThat(api.post("/api/v1/workflows/" + workflowId + "/runs", Map.of("input", Map.of()))
                        .bearer(viewer.accessToken())
                        .send()
                        .status())
                .isEqualTo(403);
        assertThat(api.get("/api/v1/runs").bearer(viewer.accessToken()).send().status())
                .isEqualTo(200);
        assertThat(api.get("/api/v1/runs").send().status()).isEqualTo(401);
    }

    @Test
    void badQueryParametersAreNamed() {
        HttpApi.Response response = api.get("/api/v1/runs?status=bogus&limit=0&cursor=zzz")
                .bearer(owner.accessToken())
                .send();

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).contains("status").contains("limit");
        assertThat(api.get("/api/v1/runs/not-a-uuid")
                        .bearer(owner.accessToken())
                        .send()
                        .status())
                .isEqualTo(404);
    }
}
