package io.levqor.engine;

import static io.levqor.engine.EngineFixtures.transform;
import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.shared.WorkspaceId;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.workflow.WorkflowView;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** {@code "onError": "continue"}: a step that finally fails hands on {@code {error}} and the run goes on. */
@LevqorIntegrationTest
class OnErrorRunIntegrationTests {

    @Autowired
    org.springframework.context.ApplicationContext context;

    private EngineFixtures fixtures;
    private final WorkspaceId workspace = WorkspaceId.newId();

    @BeforeEach
    void setUp() {
        fixtures = new EngineFixtures(context);
        ScriptedStep.reset();
    }

    @AfterEach
    void release() {
        ScriptedStep.release.countDown();
    }

    private WorkflowView workflow(List<Map<String, Object>> steps, Object output) {
        return fixtures.workflow(
                workspace, Map.of("trigger", Map.of("type", "manual"), "steps", steps, "output", output));
    }

    @Test
    void aPermanentFailureUnderContinueBecomesTheStepsOutput() {
        WorkflowView workflow = workflow(
                List.of(
                        Map.of("id", "fragile", "type", "scripted", "permanent", true, "onError", "continue"),
                        transform("after", "{{ 'went on: ' & steps.fragile.output.error.message }}")),
                "{{ steps.after.output }}");

        UUID runId = fixtures.start(workspace, workflow, Map.of());
        RunView run = fixtures.awaitEnd(workspace, runId);

        assertThat(run.status()).isEqualTo("succeeded");
        assertThat(run.output()).isEqualTo("went on: scripted permanent failure");
        assertThat(run.steps()).extracting(RunView.Step::status).containsExactly("failed", "succeeded");
        assertThat(run.error()).isNull();
    }

    @Test
    void retriesComeFirstThenTheRunGoesOnInsideItsBranch() {
        WorkflowView workflow = workflow(
                List.of(Map.of(
                        "id",
                        "check",
                        "type",
                        "switch",
                        "cases",
                        List.of(Map.of(
                                "name",
                                "always",
                                "when",
                                true,
                                "steps",
                                List.of(Map.of(
                                        "id", "flaky",
                                        "type", "scripted",
                                        "failTimes", 5,
                                        "retry", Map.of("maxAttempts", 2, "initialDelay", "10ms", "maxDelay", "20ms"),
                                        "onError", "continue")))))),
                "{{ steps.check.output }}");

        UUID runId = fixtures.start(workspace, workflow, Map.of());
        RunView run = fixtures.awaitEnd(workspace, runId);

        assertThat(run.status()).isEqualTo("succeeded");
        assertThat(run.output())
                .isEqualTo(
                        Map.of("branch", "always", "output", Map.of("error", Map.of("message", "scripted failure 2"))));
        assertThat(ScriptedStep.callsOf(runId, "flaky")).isEqualTo(2);
    }

    @Test
    void failIsTheDefaultAndEndsTheRun() {
        WorkflowView workflow = workflow(
                List.of(
                        Map.of("id", "fragile", "type", "scripted", "permanent", true, "onError", "fail"),
                        transform("after", 1)),
                "{{ steps.after.output }}");

        RunView run = fixtures.awaitEnd(workspace, fixtures.start(workspace, workflow, Map.of()));

        assertThat(run.status()).isEqualTo("failed");
        assertThat(run.steps()).extracting(RunView.Step::id).containsExactly("fragile");
    }
}
