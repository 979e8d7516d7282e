package io.levqor.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.workflow.internal.DefinitionParser;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** A definition's {@code dedupe} as the validator reads it: every problem at its JSON pointer. */
class DedupeDefinitionTests {

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
    void aWebhookMayNameItsDeliveryKey() {
        DefinitionParser.Result result = parse("""
                {'trigger': {'type': 'webhook'}, 'dedupe': '{{ trigger.headers.`x-github-delivery` }}',
                 'steps': [{'id': 'a', 'type': 'transform', 'output': 1}]}
                """);

        assertThat(result.errors()).isEmpty();
        assertThat(result.definition().dedupe()).isEqualTo("{{ trigger.headers.`x-github-delivery` }}");
        assertThat(parse("{'trigger': {'type': 'webhook'}, 'steps': []}")
                        .definition()
                        .dedupe())
                .isNull();
    }

    @Test
    void reportsEveryProblemWithDedupeAtItsPointer() {
        assertThat(errors("{'trigger': {'type': 'webhook'}, 'steps': [], 'dedupe': 42}"))
                .containsExactly(
                        "/dedupe: must be a string with a {{ }} expression, like \"{{ trigger.headers.'x-delivery' }}\"");
        assertThat(errors("{'trigger': {'type': 'webhook'}, 'steps': [], 'dedupe': 'fixed'}"))
                .containsExactly(
                        "/dedupe: must be a string with a {{ }} expression, like \"{{ trigger.headers.'x-delivery' }}\"");
        assertThat(errors("{'trigger': {'type': 'manual'}, 'steps': [], 'dedupe': '{{ trigger.input.id }}'}"))
                .containsExactly("/dedupe: applies only to a webhook trigger");
        // Every problem at once: the delivery key's and a step's.
        assertThat(parse("""
                        {'trigger': {'type': 'webhook'}, 'dedupe': '{{ steps.a.output }}',
                         'steps': [{'id': 'a', 'type': 'transform', 'output': 1}, {'id': 'b', 'type': 'nope'}]}
                        """).errors())
                .extracting(e -> e.field())
                .containsExactlyInAnyOrder("/dedupe", "/steps/1/type");
        assertThat(errors("{'trigger': {'type': 'webhook'}, 'steps': [], 'dedupe': '{{ steps.a.output }}'}"))
                .containsExactly("/dedupe: refers to step 'a', which is not an earlier step");
    }
}
