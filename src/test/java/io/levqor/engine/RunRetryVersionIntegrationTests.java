package io.levqor.engine;

import static org.assertj.core.api.Assertions.assertThat;

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

/** Issue 17, bug 7: {@code POST /api/v1/runs/{id}/retry {"version": "latest"|N}} goes on with a fixed version. */
@LevqorIntegrationTest
class RunRetryVersionIntegrationTests {

    @Autowired
    HttpApi api;

    @Autowired
    org.springframework.context.ApplicationContext context;

    private Account owner;

    @BeforeEach
    void setUp() {
        owner = new TestAccounts(api).signUp();
        new EngineFixtures(context).unlimited(new io.levqor.shared.WorkspaceId(UUID.fromString(owner.workspaceId())));
        ScriptedStep.reset();
        // Warms the expression checker: in a cold JVM on a loaded machine its first check can pass the 500 ms time
        // box and the workflow would be refused for that alone.
        api.post("/api/v1/workflows/validate", Map.of("definition", definition(List.of(PREP))))
                .bearer(owner.accessToken())
                .send();
    }

    private static Map<String, Object> definition(List<Map<String, Object>> steps) {
        // The output reads the step that failed; a version without it reads prep instead (the validator checks).
        String output = steps.stream().anyMatch(step -> "fragile".equals(step.get("id")))
                ? "{{ steps.fragile.output.echo }}"
                : "{{ steps.prep.output }}";
        return Map.of("trigger", Map.of("type", "manual"), "steps", steps, "output", output);
    }

    private static final Map<String, Object> PREP =
            Map.of("id", "prep", "type", "transform", "output", "{{ 'prepared ' & trigger.input.n }}");

    private String failedRun() {
        HttpApi.Response created = api.post(
                        "/api/v1/workflows",
                        Map.of(
                                "name",
                                "fragile",
                                "definition",
                                definition(
                                        List.of(PREP, Map.of("id", "fragile", "type", "scripted", "permanent", true)))))
                .bearer(owner.accessToken())
                .send();
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String workflowId = created.json().get("id").asString();
        String runId = api.post("/api/v1/workflows/" + workflowId + "/runs", Map.of("input", Map.of("n", 7)))
                .bearer(owner.accessToken())
                .send()
                .json()
                .get("runId")
                .asString();
        awaitRun(runId, "failed");
        return runId;
    }

    private String workflowOf(String runId) {
        return api.get("/api/v1/runs/" + runId)
                .bearer(owner.accessToken())
                .send()
                .json()
                .get("workflowId")
                .asString();
    }

    private void save(String workflowId, List<Map<String, Object>> steps) {
        HttpApi.Response saved = api.put(
                        "/api/v1/workflows/" + workflowId, Map.of("name", "fragile", "definition", definition(steps)))
                .bearer(owner.accessToken())
                .send();
        assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
    }

    private HttpApi.Response retry(String runId, Object body) {
        return api.post("/api/v1/runs/" + runId + "/retry", body)
                .bearer(owner.accessToken())
                .send();
    }

    private JsonNode awaitRun(String runId, String status) {
        return Eventually.await(
                "run " + runId + " to be " + status,
                Duration.ofSeconds(30),
                () -> api.get("/api/v1/runs/" + runId)
                        .bearer(owner.accessToken())
                        .send()
                        .json(),
                run -> status.equals(run.get("status").asString()));
    }

    private static String field(HttpApi.Response response) {
        return response.json().get("errors").get(0).get("field").asString();
    }

    @Test
    void aRetryWithTheLatestVersionGoesOnWithTheFixFromTheFailedStepKeepingEarlierOutputs() {
        String runId = failedRun();
        save(
                workflowOf(runId),
                List.of(PREP, Map.of("id", "fragile", "type", "scripted", "echo", "{{ steps.prep.output }}")));

        // Without a body the run replays its own version, as before: the same failure.
        assertThat(retry(runId, "").status()).isEqualTo(200);
        JsonNode again = awaitRun(runId, "failed");
        assertThat(again.get("version").asInt()).isEqualTo(1);
        assertThat(ScriptedStep.callsOf(UUID.fromString(runId), "fragile")).isEqualTo(2);

        HttpApi.Response retried = retry(runId, Map.of("version", "latest"));
        assertThat(retried.status()).as(retried.toString()).isEqualTo(200);
        assertThat(retried.json().get("version").asInt()).isEqualTo(2);
        JsonNode done = awaitRun(runId, "succeeded");
        assertThat(done.get("version").asInt()).isEqualTo(2);
        assertThat(done.get("output").asString()).isEqualTo("prepared 7");
        JsonNode prep = done.get("steps").get(0);
        assertThat(prep.get("id").asString()).isEqualTo("prep");
        assertThat(prep.get("attempts")).as("prep is not run again").hasSize(1);
    }

    @Test
    void aRetryWithAGivenVersionNumberUsesThatVersion() {
        String runId = failedRun();
        String workflowId = workflowOf(runId);
        save(workflowId, List.of(PREP, Map.of("id", "fragile", "type", "scripted", "echo", "v2")));
        save(workflowId, List.of(PREP, Map.of("id", "fragile", "type", "scripted", "permanent", true)));

        assertThat(retry(runId, Map.of("version", 2)).status()).isEqualTo(200);
        JsonNode done = awaitRun(runId, "succeeded");
        assertThat(done.get("version").asInt()).isEqualTo(2);
        assertThat(done.get("output").asString()).isEqualTo("v2");
    }

    @Test
    void anUnknownVersionAMalformedOneAndAVersionWithoutTheFailedStepAreRefusedNamingTheField() {
        String runId = failedRun();
        save(workflowOf(runId), List.of(PREP, Map.of("id", "renamed", "type", "scripted")));

        HttpApi.Response unknown = retry(runId, Map.of("version", 9));
        assertThat(unknown.status()).as(unknown.toString()).isEqualTo(400);
        assertThat(field(unknown)).isEqualTo("version");
        assertThat(unknown.body()).contains("no version 9");

        for (Object malformed : List.of("newest", 0, -1, 1.5, List.of(2))) {
            HttpApi.Response refused = retry(runId, Map.of("version", malformed));
            assertThat(refused.status()).as(malformed + ": " + refused).isEqualTo(400);
            assertThat(field(refused)).isEqualTo("version");
        }

        HttpApi.Response noSuchStep = retry(runId, Map.of("version", "latest"));
        assertThat(noSuchStep.status()).as(noSuchStep.toString()).isEqualTo(400);
        assertThat(field(noSuchStep)).isEqualTo("version");
        assertThat(noSuchStep.body()).contains("fragile");

        JsonNode still = api.get("/api/v1/runs/" + runId)
                .bearer(owner.accessToken())
                .send()
                .json();
        assertThat(still.get("status").asString()).isEqualTo("failed");
        assertThat(still.get("version").asInt()).isEqualTo(1);
    }

    @Test
    void aRunThatDidNotFailIsAConflictWhicheverVersionIsAsked() {
        String runId = failedRun();
        save(workflowOf(runId), List.of(PREP, Map.of("id", "fragile", "type", "scripted")));
        retry(runId, Map.of("version", "latest"));
        awaitRun(runId, "succeeded");

        assertThat(retry(runId, Map.of("version", "latest")).status()).isEqualTo(409);
        assertThat(retry(runId, Map.of("version", 1)).status()).isEqualTo(409);
    }
}
