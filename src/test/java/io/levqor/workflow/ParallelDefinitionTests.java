package io.levqor.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.workflow.internal.DefinitionParser;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The {@code parallel} step as the validator reads it: named branches, every problem at its JSON pointer. */
class ParallelDefinitionTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

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
    void readsNamedBranchesInOrderWithNestedShapes() {
        DefinitionParser.Result result = parse("""
                {'trigger': {'type': 'manual'}, 'steps': [
                  {'id': 'first', 'type': 'transform', 'output': 1},
                  {'id': 'fan', 'type': 'parallel', 'onError': 'continue', 'branches': {
                     'b': [{'id': 'x', 'type': 'transform', 'output': '{{ steps.first.output }}'},
                           {'id': 'y', 'type': 'transform', 'output': '{{ steps.x.output }}'}],
                     'a': [{'id': 'route', 'type': 'switch', 'cases': [{'name': 'c', 'when': true, 'steps': [
                             {'id': 'z', 'type': 'transform', 'output': 2}]}]}]}},
                  {'id': 'after', 'type': 'transform', 'output': '{{ steps.fan.output.b }}'}]}
                """);

        assertThat(result.errors()).isEmpty();
        StepDefinition fan = result.definition().steps().get(1);
        assertThat(fan.isParallel()).isTrue();
        assertThat(fan.continueOnError()).isTrue();
        assertThat(fan.branches().keySet()).containsExactly("b", "a");
        assertThat(fan.branches().get("b")).extracting(StepDefinition::id).containsExactly("x", "y");
        assertThat(result.definition().step("z")).map(StepDefinition::type).contains("transform");
    }

    @Test
    void reportsEveryProblemAtItsPointer() {
        List<String> errors = parse("""
                {'trigger': {'type': 'manual'}, 'steps': [
                  {'id': 'empty', 'type': 'parallel', 'branches': {}},
                  {'id': 'fan', 'type': 'parallel', 'retry': {}, 'branches': {
                     'a': [{'id': 'x', 'type': 'transform', 'output': 1}],
                     '1bad': [{'id': 'peek', 'type': 'transform', 'output': '{{ steps.x.output }}'}],
                     'c': [{'id': 'park', 'type': 'wait', 'for': 'signal', 'signal': 'go'}],
                     'd': 'not a list'}},
                  {'id': 'later', 'type': 'transform', 'output': '{{ steps.x.output }}'},
                  {'id': 'none', 'type': 'parallel'}]}
                """).errors().stream()
                .map(e -> e.field() + ": " + e.message())
                .toList();

        assertThat(errors)
                .containsExactlyInAnyOrder(
                        "/steps/0/branches: must be an object of 1 to 20 named step lists",
                        "/steps/1/retry: is not a member of a parallel step (id, type, if, branches, onError)",
                        "/steps/1/branches/1bad: must be named with letters, digits and '_' (not starting with a digit)",
                        "/steps/1/branches/1bad/0/output: refers to step 'x', which is not an earlier step",
                        "/steps/1/branches/c/0/type: a wait cannot run inside a parallel branch (branches cannot park)",
                        "/steps/1/branches/d: must be an array of steps",
                        "/steps/2/output: refers to step 'x', which is not an earlier step",
                        "/steps/3/branches: is required (an object of named step lists)");
    }
}
