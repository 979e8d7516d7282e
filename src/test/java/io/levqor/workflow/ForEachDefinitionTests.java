package io.levqor.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.workflow.internal.DefinitionParser;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The {@code forEach} step as the validator reads it: its members, its body, every problem at its JSON pointer. */
class ForEachDefinitionTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    // A generous time box: the first expressions a cold JVM compiles on a busy machine may take a while.
    private final DefinitionParser parser = new DefinitionParser(
            FakeStepTypes.all(),
            Templates.withDefaults(),
            100,
            null,
            new DefinitionParser.Limits(256 * 1024, 16_384, 200, 2_000, 65_536, java.time.Duration.ofSeconds(30), 50));

    private DefinitionParser.Result parse(String json) {
        return parser.parse(JSON.readValue(json.replace('\'', '"'), Object.class));
    }

    private List<String> errors(String json) {
        return parse(json).errors().stream()
                .map(e -> e.field() + ": " + e.message())
                .toList();
    }

    @Test
    void readsItemsConcurrencyOnItemErrorAndANestedBodyWithASwitch() {
        DefinitionParser.Result result = parse("""
                {'trigger': {'type': 'manual'}, 'steps': [
                  {'id': 'first', 'type': 'transform', 'output': [1, 2]},
                  {'id': 'each', 'type': 'forEach', 'items': '{{ steps.first.output }}', 'concurrency': 10,
                   'onItemError': 'continue', 'steps': [
                     {'id': 'call', 'type': 'http', 'url': '{{ \\"https://example.com/\\" & item }}'},
                     {'id': 'route', 'type': 'switch', 'cases': [
                        {'name': 'even', 'when': '{{ index % 2 = 0 }}', 'steps': [
                           {'id': 'note', 'type': 'transform', 'output': '{{ steps.call.output }}'}]}]}]},
                  {'id': 'after', 'type': 'transform', 'output': '{{ steps.each.output }}'}]}
                """);

        assertThat(result.errors()).isEmpty();
        StepDefinition each = result.definition().steps().get(1);
        assertThat(each.isForEach()).isTrue();
        assertThat(each.fields()).containsEntry("concurrency", 10).containsEntry("onItemError", "continue");
        assertThat(each.body()).extracting(StepDefinition::id).containsExactly("call", "route");
        assertThat(result.definition().step("note")).map(StepDefinition::type).contains("transform");
    }

    @Test
    void defaultsToOneItemAtATimeAndFailingOnAFailedItem() {
        StepDefinition each = parse("""
                        {'trigger': {'type': 'manual'}, 'steps': [
                          {'id': 'each', 'type': 'forEach', 'items': [1, 2, 3], 'steps': [
                             {'id': 'x', 'type': 'transform', 'output': '{{ item }}'}]}]}
                        """).definition().steps().get(0);

        assertThat(each.fields()).containsEntry("concurrency", 1).containsEntry("onItemError", "fail");
    }

    @Test
    void reportsEveryProblemOfTheLoopAndItsBodyAtItsPointer() {
        assertThat(errors("""
                {'trigger': {'type': 'manual'}, 'steps': [
                  {'id': 'each', 'type': 'forEach', 'items': 'not an expression', 'concurrency': 101,
                   'onItemError': 'skip', 'retry': {}, 'steps': [
                     {'id': 'call', 'type': 'http', 'url': 42},
                     {'id': 'park', 'type': 'wait', 'for': 'signal', 'signal': 'go'},
                     {'id': 'peek', 'type': 'transform', 'output': '{{ steps.each.output }}'}]},
                  {'id': 'loop2', 'type': 'forEach', 'concurrency': 0, 'steps': []},
                  {'id': 'later', 'type': 'transform', 'output': '{{ steps.call.output }}'}]}
                """))
                .containsExactlyInAnyOrder(
                        "/steps/0/retry: is not a member of a forEach step (id, type, if, items, concurrency,"
                                + " onItemError, steps, onError)",
                        "/steps/0/items: must be a \"{{ … }}\" expression or an array",
                        "/steps/0/concurrency: must be an integer from 1 to 100",
                        "/steps/0/onItemError: must be \"fail\" or \"continue\"",
                        "/steps/0/steps/0/url: must be a string",
                        "/steps/0/steps/1/type: a wait cannot run inside a forEach (its items cannot park)",
                        "/steps/0/steps/2/output: refers to step 'each', which is not an earlier step",
                        "/steps/1/items: is required (a \"{{ … }}\" expression giving an array)",
                        "/steps/1/concurrency: must be an integer from 1 to 100",
                        "/steps/1/steps: must hold at least one step",
                        "/steps/2/output: refers to step 'call', which is not an earlier step");
    }
}
