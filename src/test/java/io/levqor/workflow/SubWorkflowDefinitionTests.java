package io.levqor.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.workflow.internal.DefinitionParser;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The {@code workflow} (sub-workflow) step as the validator reads it: its members, every problem at its pointer. */
class SubWorkflowDefinitionTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String CHILD = "0193b1e4-5f2a-7c3d-8e9f-0a1b2c3d4e5f";

    private final DefinitionParser parser = new DefinitionParser(
            FakeStepTypes.all(),
            Templates.withDefaults(),
            100,
            null,
            new DefinitionParser.Limits(256 * 1024, 16_384, 200, 2_000, 65_536, java.time.Duration.ofSeconds(30), 50));

    private DefinitionParser.Result parse(String json) {
        return parser.parse(JSON.readValue(json.replace('\'', '"'), Object.class));
    }

    @Test
    void readsTheWorkflowItsInputAndARetryOfItsOwnWhichIsOneTryWithoutIt() {
        DefinitionParser.Result result = parse("""
                {'trigger': {'type': 'manual'}, 'steps': [
                  {'id': 'first', 'type': 'transform', 'output': 1},
                  {'id': 'sub', 'type': 'workflow', 'workflow': '%s', 'input': {'n': '{{ steps.first.output }}'},
                   'retry': {'maxAttempts': 3}, 'onError': 'continue'},
                  {'id': 'route', 'type': 'switch', 'cases': [{'name': 'a', 'when': true, 'steps': [
                     {'id': 'nested', 'type': 'workflow', 'workflow': '%s'}]}]}]}
                """.formatted(CHILD, CHILD));

        assertThat(result.errors()).isEmpty();
        StepDefinition sub = result.definition().steps().get(1);
        assertThat(sub.isSubWorkflow()).isTrue();
        assertThat(sub.fields())
                .containsEntry("workflow", CHILD)
                .containsEntry("input", Map.of("n", "{{ steps.first.output }}"));
        assertThat(sub.retry().maxAttempts()).isEqualTo(3);
        assertThat(sub.continueOnError()).isTrue();
        assertThat(result.definition().step("nested").orElseThrow().retry().maxAttempts())
                .isEqualTo(1);
        assertThat(result.definition().subWorkflows()).containsExactly(WorkflowId.of(CHILD), WorkflowId.of(CHILD));
    }

    @Test
    void reportsEveryProblemAtItsPointerAndRefusesOneInsideALoop() {
        List<String> errors = parse("""
                {'trigger': {'type': 'manual'}, 'steps': [
                  {'id': 'a', 'type': 'workflow'},
                  {'id': 'b', 'type': 'workflow', 'workflow': 'not-an-id', 'timeout': '1s',
                   'input': '{{ steps.later.output }}'},
                  {'id': 'each', 'type': 'forEach', 'items': [1], 'steps': [
                     {'id': 'c', 'type': 'workflow', 'workflow': '%s'}]},
                  {'id': 'later', 'type': 'transform', 'output': 1}]}
                """.formatted(CHILD)).errors().stream()
                .map(e -> e.field() + ": " + e.message())
                .toList();

        assertThat(errors)
                .containsExactlyInAnyOrder(
                        "/steps/0/workflow: is required",
                        "/steps/1/workflow: must be a workflow id (a UUID)",
                        "/steps/1/timeout: is not a member of a workflow step (id, type, if, workflow, input, retry,"
                                + " onError)",
                        "/steps/1/input: refers to step 'later', which is not an earlier step",
                        "/steps/2/steps/0/type: a workflow step cannot run inside a forEach (its items cannot park)");
        assertThat(DefinitionParser.subWorkflows(JSON.readValue("""
                        {"steps": [{"id": "s", "type": "switch", "cases": [{"name": "x", "when": true, "steps": [
                          {"id": "w", "type": "workflow", "workflow": "%s"}]}]}]}
                        """.formatted(CHILD), Object.class)))
                .containsExactly(Map.entry("/steps/0/cases/0/steps/0/workflow", WorkflowId.of(CHILD)));
    }
}
