package io.levqor.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.workflow.internal.DefinitionParser;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** {@code wait} with {@code until} (a durable sleep) as the validator reads it. */
class WaitUntilDefinitionTests {

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

    private List<String> errors(String json) {
        return parse(json).errors().stream()
                .map(e -> e.field() + ": " + e.message())
                .toList();
    }

    @Test
    void readsASleepUntilAnInstantOrAnExpression() {
        DefinitionParser.Result result = parse("""
                {'trigger': {'type': 'manual'}, 'steps': [
                  {'id': 'a', 'type': 'transform', 'output': 1},
                  {'id': 'nap', 'type': 'wait', 'until': '{{ steps.a.output }}'},
                  {'id': 'later', 'type': 'wait', 'until': '2030-01-01T09:00:00Z'}]}
                """);

        assertThat(result.errors()).isEmpty();
        StepDefinition nap = result.definition().steps().get(1);
        assertThat(nap.isWait()).isTrue();
        assertThat(nap.isSleep()).isTrue();
        assertThat(nap.fields()).containsEntry("until", "{{ steps.a.output }}");
    }

    @Test
    void reportsEveryProblemOfASleepAtItsPointer() {
        assertThat(errors("""
                {'trigger': {'type': 'manual'}, 'steps': [
                  {'id': 'a', 'type': 'wait', 'until': 'tomorrow', 'signal': 'x', 'timeout': '1h'},
                  {'id': 'b', 'type': 'wait', 'until': 42, 'for': 'signal', 'onTimeout': 'fail'},
                  {'id': 'c', 'type': 'wait', 'until': '{{ steps.d.output }}'},
                  {'id': 'd', 'type': 'transform', 'output': 1}]}
                """))
                .containsExactlyInAnyOrder(
                        "/steps/0/signal: applies to a wait for a signal, not to a wait with until",
                        "/steps/0/timeout: applies to a wait for a signal, not to a wait with until",
                        "/steps/0/until: must be an ISO-8601 instant like \"2030-01-01T09:00:00Z\"",
                        "/steps/1/for: applies to a wait for a signal, not to a wait with until",
                        "/steps/1/onTimeout: applies to a wait for a signal, not to a wait with until",
                        "/steps/1/until: must be an ISO-8601 instant or a \"{{ … }}\" expression giving one",
                        "/steps/2/until: refers to step 'd', which is not an earlier step");
    }
}
