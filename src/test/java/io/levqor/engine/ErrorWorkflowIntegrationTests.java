package io.levqor.engine;

import static io.levqor.engine.EngineFixtures.transform;
import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.engine.internal.ErrorWorkflows;
import io.levqor.shared.WorkspaceId;
import io.levqor.support.HttpApi;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.support.TestAccounts;
import io.levqor.workflow.WorkflowView;
import io.levqor.workflow.Workflows;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.JsonNode;

/** {@code "onFailure": {"workflow": …}}: the error workflow, started once per finally failed run. */
@LevqorIntegrationTest
class ErrorWorkflowIntegrationTests {

    @Autowired
    ApplicationContext context;

    @Autowired
    HttpApi api;

    @Autowired
    Runs runs;

    @Autowired
    Workflows workflows;

    @Autowired
    ErrorWorkflows errorWorkflows;

    private EngineFixtures fixtures;
    private final WorkspaceId workspace = WorkspaceId.newId();

    @BeforeEach
    void setUp() {
        fixtures = new EngineFixtures(context);
    }

    private static Map<String, Object> failing() {
        return Map.of("id", "fragile", "type", "scripted", "permanent", true);
    }

    private List<RunView> runsOf(WorkflowView workflow) {
        return runs.list(workspace, new RunFilter(workflow.id().value(), null, null, null), null, 50)
                .items();
    }

    @Test
    void aFinallyFailedRunStartsItsErrorWorkflowExactlyOnce() {
        WorkflowView handler = fixtures.workflow(
                workspace,
                Map.of(
                        "trigger",
                        Map.of("type", "manual"),
                        "steps",
                        List.of(transform("seen", "{{ trigger.input }}")),
                        "output",
                        "{{ steps.seen.output }}"));
        WorkflowView fragile = fixtures.workflow(
                workspace,
                Map.of(
                        "trigger",
                        Map.of("type", "manual"),
                        "onFailure",
                        Map.of("workflow", handler.id().toString()),
                        "steps",
                        List.of(transform("first", 1), failing())));
        WorkflowView fine = fixtures.workflow(
                workspace,
                Map.of(
                        "trigger",
                        Map.of("type", "manual"),
                        "onFailure",
                        Map.of("workflow", handler.id().toString()),
                        "steps",
                        List.of(transform("t", 1))));

        UUID failedRun = fixtures.start(workspace, fragile, Map.of());
        RunView failed = fixtures.awaitEnd(workspace, failedRun);
        assertThat(fixtures.awaitEnd(workspace, fixtures.start(workspace, fine, Map.of()))
                        .status())
                .isEqualTo("succeeded");
        assertThat(failed.status()).isEqualTo("failed");
        List<RunView> started = Eventually.await(
                "the error workflow's run", Duration.ofSeconds(30), () -> runsOf(handler), list -> !list.isEmpty());

        RunView errorRun = fixtures.awaitEnd(workspace, started.get(0).id());
        assertThat(errorRun.status()).isEqualTo("succeeded");
        assertThat(errorRun.trigger()).isEqualTo("error");
        assertThat(errorRun.output())
                .isEqualTo(Map.of(
                        "runId",
                        failedRun.toString(),
                        "workflowId",
                        fragile.id().toString(),
                        "error",
                        failed.error(),
                        "failedStep",
                        "fragile"));

        // The failure processed twice more (a redelivered event): still the one run.
        RunFailed event = new RunFailed(workspace, failedRun, fragile.id().value(), String.valueOf(failed.error()));
        errorWorkflows.on(event);
        errorWorkflows.on(event);
        assertThat(runsOf(handler)).hasSize(1);
    }

    @Test
    void anErrorWorkflowsOwnFailureStartsNothingMore() {
        WorkflowView self = fixtures.workflow(workspace, List.of(failing()));
        workflows.update(
                workspace,
                null,
                self.id(),
                null,
                Map.of(
                        "trigger",
                        Map.of("type", "manual"),
                        "onFailure",
                        Map.of("workflow", self.id().toString()),
                        "steps",
                        List.of(failing())));

        UUID first = fixtures.start(workspace, self, Map.of());
        assertThat(fixtures.awaitEnd(workspace, first).status()).isEqualTo("failed");
        List<RunView> both =
                Eventually.await("the error run", Duration.ofSeconds(30), () -> runsOf(self), list -> list.size() == 2);
        UUID errorRun = both.stream()
                .map(RunView::id)
                .filter(id -> !id.equals(first))
                .findFirst()
                .orElseThrow();
        RunView ended = fixtures.awaitEnd(workspace, errorRun);
        assertThat(ended.status()).isEqualTo("failed");
        assertThat(ended.trigger()).isEqualTo("error");

        errorWorkflows.on(new RunFailed(workspace, errorRun, self.id().value(), String.valueOf(ended.error())));
        assertThat(runsOf(self)).hasSize(2);
    }

    @Test
    void theErrorWorkflowMustBeOneOfTheWorkspacesReportedWithEveryOtherProblem() {
        TestAccounts.Account owner = new TestAccounts(api).signUp();
        TestAccounts.Account other = new TestAccounts(api).signUp();
        String theirs = api.post(
                        "/api/v1/workflows",
                        Map.of(
                                "name",
                                "theirs",
                                "definition",
                                Map.of("trigger", Map.of("type", "manual"), "steps", List.of())))
                .bearer(other.accessToken())
                .send()
                .json()
                .get("id")
                .asString();

        for (String target : List.of(theirs, UUID.randomUUID().toString())) {
            HttpApi.Response refused = api.post(
                            "/api/v1/workflows",
                            Map.of(
                                    "name",
                                    "fragile",
                                    "definition",
                                    Map.of(
                                            "trigger", Map.of("type", "manual"),
                                            "onFailure", Map.of("workflow", target),
                                            "steps", List.of(Map.of("id", "x", "type", "nope")))))
                    .bearer(owner.accessToken())
                    .send();
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            JsonNode errors = refused.json().get("errors");
            assertThat(errors.valueStream().map(e -> e.get("field").asString()))
                    .containsExactlyInAnyOrder("/steps/0/type", "/onFailure/workflow");
        }
        HttpApi.Response malformed = api.post(
                        "/api/v1/workflows",
                        Map.of(
                                "name",
                                "fragile",
                                "definition",
                                Map.of(
                                        "trigger", Map.of("type", "manual"),
                                        "onFailure", Map.of("workflow", "not-an-id", "extra", 1),
                                        "steps", List.of())))
                .bearer(owner.accessToken())
                .send();
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed
                        .json()
                        .get("errors")
                        .valueStream()
                        .map(e -> e.get("field").asString()))
                .containsExactlyInAnyOrder("/onFailure/workflow", "/onFailure/extra");
    }
}
