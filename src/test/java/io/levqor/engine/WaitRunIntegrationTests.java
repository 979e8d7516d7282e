package io.levqor.engine;

import static io.levqor.engine.EngineFixtures.transform;
import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.engine.internal.Worker;
import io.levqor.shared.WorkspaceId;
import io.levqor.support.HttpApi;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.support.TestAccounts;
import io.levqor.support.TestAccounts.Account;
import io.levqor.workflow.WorkflowView;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** {@code wait} for a signal: the run parks as {@code waiting} with no claimed job, a signal or its timeout resumes it. */
@LevqorIntegrationTest
class WaitRunIntegrationTests {

    @Autowired
    org.springframework.context.ApplicationContext context;

    @Autowired
    HttpApi api;

    @Autowired
    Runs runs;

    @Autowired
    Worker worker;

    @Autowired
    JdbcClient jdbc;

    private static Map<String, Object> approval(String onTimeout) {
        return Map.of(
                "id",
                "approve",
                "type",
                "wait",
                "for",
                "signal",
                "signal",
                "approval",
                "timeout",
                "3d",
                "onTimeout",
                onTimeout);
    }

    /** The run's job: still queued (never claimed while waiting), due in about this many seconds. */
    private double jobDueInSeconds(UUID runId) {
        return jdbc.sql("SELECT extract(epoch FROM run_at - now()) FROM job WHERE run_id = :id AND state = 'queued'")
                .param("id", runId)
                .query(Double.class)
                .single();
    }

    private void timeOut(UUID runId) {
        jdbc.sql("UPDATE job SET run_at = now() WHERE run_id = :id")
                .param("id", runId)
                .update();
        worker.wake();
    }

    @Test
    void aSignalResumesTheRunWithItsBodyAsTheStepsOutput() {
        Account owner = new TestAccounts(api).signUp();
        HttpApi.Response created = api.post(
                        "/api/v1/workflows",
                        Map.of(
                                "name",
                                "approval",
                                "definition",
                                Map.of(
                                        "trigger", Map.of("type", "manual"),
                                        "steps",
                                                List.of(
                                                        transform("ask", "please"),
                                                        approval("fail"),
                                                        transform(
                                                                "after",
                                                                "{{ steps.ask.output & ' / ' & steps.approve.output.by }}")),
                                        "output", "{{ steps.after.output }}")))
                .bearer(owner.accessToken())
                .send();
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String workflowId = created.json().get("id").asString();
        String runId = api.post("/api/v1/workflows/" + workflowId + "/runs", Map.of("input", Map.of()))
                .bearer(owner.accessToken())
                .send()
                .json()
                .get("runId")
                .asString();
        Eventually.await(
                "the run to wait",
                Duration.ofSeconds(30),
                () -> api.get("/api/v1/runs/" + runId)
                        .bearer(owner.accessToken())
                        .send()
                        .json(),
                run -> "waiting".equals(run.get("status").asString()));
        assertThat(jobDueInSeconds(UUID.fromString(runId))).isBetween(3 * 86_400.0 - 120, 3 * 86_400.0);

        HttpApi.Response wrong = api.post("/api/v1/runs/" + runId + "/signals/rejection", Map.of())
                .bearer(owner.accessToken())
                .send();
        assertThat(wrong.status()).isEqualTo(409);
        assertThat(wrong.body()).contains("not waiting for the signal 'rejection'");

        HttpApi.Response signalled = api.post(
                        "/api/v1/runs/" + runId + "/signals/approval", Map.of("ok", true, "by", "Ada"))
                .bearer(owner.accessToken())
                .send();
        assertThat(signalled.status()).as(signalled.toString()).isEqualTo(200);
        JsonNode run = Eventually.await(
                "the run to end",
                Duration.ofSeconds(30),
                () -> api.get("/api/v1/runs/" + runId)
                        .bearer(owner.accessToken())
                        .send()
                        .json(),
                r -> "succeeded".equals(r.get("status").asString()));
        assertThat(run.get("output").asString()).isEqualTo("please / Ada");
        JsonNode approve = run.get("steps").get(1);
        assertThat(approve.get("path").asString()).isEqualTo("approve");
        assertThat(approve.get("attempts").get(0).get("output").get("by").asString())
                .isEqualTo("Ada");

        assertThat(api.post("/api/v1/runs/" + runId + "/signals/approval", Map.of())
                        .bearer(owner.accessToken())
                        .send()
                        .status())
                .isEqualTo(409);
    }

    @Test
    void aWaitThatTimesOutFailsTheRunOrGoesOn() {
        var fixtures = new EngineFixtures(context);
        WorkspaceId workspace = WorkspaceId.newId();
        WorkflowView failing = fixtures.workflow(workspace, List.of(approval("fail"), transform("after", 1)));
        WorkflowView going = fixtures.workflow(
                workspace, List.of(approval("continue"), transform("after", "{{ steps.approve.output.timedOut }}")));
        UUID failed = fixtures.start(workspace, failing, Map.of());
        UUID continued = fixtures.start(workspace, going, Map.of());
        fixtures.awaitStatus(workspace, failed, "waiting");
        fixtures.awaitStatus(workspace, continued, "waiting");

        timeOut(failed);
        timeOut(continued);

        RunView failedRun = fixtures.awaitEnd(workspace, failed);
        assertThat(failedRun.status()).isEqualTo("failed");
        assertThat(failedRun.error()).contains("approve", "timed out: no signal 'approval'");
        RunView continuedRun = fixtures.awaitEnd(workspace, continued);
        assertThat(continuedRun.status()).isEqualTo("succeeded");
        assertThat(continuedRun.steps()).extracting(RunView.Step::id).containsExactly("approve", "after");
        assertThat(continuedRun.steps().get(1).attempts().get(0).output()).isEqualTo(true);
        // A signal after the timeout finds nothing waiting.
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> runs.signal(workspace, new RunId(failed), "approval", Map.of()))
                .isInstanceOf(RunStateConflict.class);
    }
}
