package io.levqor.engine;

import static io.levqor.engine.EngineFixtures.transform;
import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.shared.WorkspaceId;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.workflow.WorkflowView;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/** {@code parallel} steps on real PostgreSQL: branches at once, a failing branch, onError, nesting. */
@LevqorIntegrationTest
class ParallelRunIntegrationTests {

    @Autowired
    ApplicationContext context;

    private EngineFixtures fixtures;
    private final WorkspaceId workspace = WorkspaceId.newId();

    @BeforeEach
    void setUp() {
        fixtures = new EngineFixtures(context);
        ScriptedStep.reset();
    }

    private static Map<String, Object> parallel(String id, Map<String, Object> branches, boolean continueOnError) {
        Map<String, Object> step = new LinkedHashMap<>();
        step.put("id", id);
        step.put("type", "parallel");
        step.put("branches", branches);
        if (continueOnError) {
            step.put("onError", "continue");
        }
        return step;
    }

    private static Map<String, Object> definition(List<Map<String, Object>> steps, Object output) {
        return Map.of("trigger", Map.of("type", "manual"), "steps", steps, "output", output);
    }

    @Test
    void branchesRunAtOnceNestedInASwitchAndAFailedBranchFailsTheStepUnlessOnErrorContinues() {
        // Nested in a switch, with a switch and a loop inside branches; "slow" blocks until "quick" has run.
        Map<String, Object> branches = new LinkedHashMap<>();
        branches.put("slow", List.of(Map.of("id", "wait_here", "type", "scripted", "block", true)));
        branches.put(
                "quick",
                List.of(
                        Map.of("id", "call", "type", "scripted", "echo", "{{ trigger.input.name }}"),
                        Map.of(
                                "id",
                                "pick",
                                "type",
                                "switch",
                                "cases",
                                List.of(Map.of(
                                        "name",
                                        "echoed",
                                        "when",
                                        "{{ steps.call.output.echo = 'ada' }}",
                                        "steps",
                                        List.of(transform("yes", "{{ steps.call.output.echo & '!' }}")))))));
        branches.put(
                "loop",
                List.of(Map.of(
                        "id",
                        "each",
                        "type",
                        "forEach",
                        "items",
                        List.of(1, 2, 3),
                        "steps",
                        List.of(transform("sq", "{{ item * item }}")))));
        WorkflowView nested = fixtures.workflow(
                workspace,
                definition(
                        List.of(Map.of(
                                "id",
                                "route",
                                "type",
                                "switch",
                                "cases",
                                List.of(Map.of(
                                        "name",
                                        "go",
                                        "when",
                                        true,
                                        "steps",
                                        List.of(parallel("fan", branches, false)))))),
                        "{{ steps.route.output.output }}"));

        Map<String, Object> failing = new LinkedHashMap<>();
        failing.put("fine", List.of(transform("ok", 1)));
        failing.put("broken", List.of(Map.of("id", "boom", "type", "scripted", "permanent", true)));
        WorkflowView strict = fixtures.workflow(workspace, definition(List.of(parallel("fan", failing, false)), 1));
        WorkflowView tolerant = fixtures.workflow(
                workspace,
                definition(
                        List.of(parallel("fan", failing, true), transform("after", "{{ steps.fan.output }}")),
                        "{{ steps.after.output }}"));

        UUID nestedRun = fixtures.start(workspace, nested, Map.of("name", "ada"));
        UUID strictRun = fixtures.start(workspace, strict, Map.of());
        UUID tolerantRun = fixtures.start(workspace, tolerant, Map.of());

        // "quick" (and its nested switch) runs while "slow" is still blocked: the branches run at once.
        Eventually.await(
                "the quick branch to run while the slow one blocks",
                Duration.ofSeconds(30),
                // Either branch may reach its step first: wait until the slow one is blocked and the quick one ran.
                () -> ScriptedStep.started.containsKey(nestedRun) && ScriptedStep.callsOf(nestedRun, "call") == 1,
                ranBeside -> ranBeside);
        ScriptedStep.release.countDown();

        RunView ran = fixtures.awaitEnd(workspace, nestedRun);
        assertThat(ran.status()).isEqualTo("succeeded");
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("slow", Map.of("attempt", 1, "echo", "null"));
        expected.put("quick", Map.of("branch", "echoed", "output", "ada!"));
        expected.put("loop", List.of(1, 4, 9));
        assertThat(ran.output()).isEqualTo(expected);
        assertThat(ran.steps())
                .extracting(RunView.Step::path)
                .contains(
                        "route.cases[0].fan",
                        "route.cases[0].fan.branches.quick.call",
                        "route.cases[0].fan.branches.quick.pick.cases[0].yes",
                        "route.cases[0].fan.branches.loop.each[2].sq");
        assertThat(ran.steps().stream()
                        .filter(s -> s.path().equals("route.cases[0].fan"))
                        .findFirst()
                        .orElseThrow()
                        .attempts()
                        .getFirst()
                        .input())
                .isInstanceOfSatisfying(
                        Map.class,
                        input -> assertThat(((List<?>) input.get("branches"))
                                        .stream().map(String::valueOf).toList())
                                .containsExactlyInAnyOrder("slow", "quick", "loop"));

        RunView failed = fixtures.awaitEnd(workspace, strictRun);
        assertThat(failed.status()).isEqualTo("failed");
        assertThat(failed.error())
                .isEqualTo("step fan: branch broken: step fan.branches.broken.boom: scripted permanent failure");

        RunView continued = fixtures.awaitEnd(workspace, tolerantRun);
        assertThat(continued.status()).isEqualTo("succeeded");
        assertThat(continued.output())
                .isEqualTo(Map.of(
                        "error",
                        Map.of("message", "branch broken: step fan.branches.broken.boom: scripted permanent failure")));
    }
}
