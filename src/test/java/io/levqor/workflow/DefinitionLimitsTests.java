package io.levqor.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.shared.FieldError;
import io.levqor.workflow.internal.DefinitionParser;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Validation is bounded: each limit on size and work answers one problem at a JSON pointer naming the limit. */
class DefinitionLimitsTests {

    // A time box no loaded machine reaches, so that only the limit under test can answer (the time box has its test).
    private final DefinitionParser parser = new DefinitionParser(
            FakeStepTypes.all(), Templates.withDefaults(), 100, null, limits(Duration.ofMinutes(5)));

    private static DefinitionParser.Limits limits(Duration timeBox) {
        DefinitionParser.Limits defaults = DefinitionParser.Limits.defaults();
        return new DefinitionParser.Limits(
                defaults.maxDefinitionBytes(),
                defaults.maxExpressionLength(),
                defaults.maxNesting(),
                defaults.maxExpressions(),
                defaults.maxExpressionChars(),
                timeBox,
                defaults.maxErrors());
    }

    private static Map<String, Object> withOutput(Object output) {
        Map<String, Object> definition = new LinkedHashMap<>();
        definition.put("trigger", Map.of("type", "manual"));
        definition.put("steps", List.of());
        definition.put("output", output);
        return definition;
    }

    private static Map<String, Object> members(int count, String template) {
        Map<String, Object> members = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            members.put("m" + i, template.formatted(i));
        }
        return members;
    }

    @Test
    void aDefinitionOver256KbIsRefusedBeforeAnyExpressionIsCompiled() {
        DefinitionParser.Result result = parser.parse(withOutput("{{ '" + "a".repeat(900_000) + "' }}"));

        assertThat(result.errors()).singleElement().satisfies(error -> {
            assertThat(error.field()).isEqualTo("definition");
            assertThat(error.message()).contains("262144").contains("max-definition-size");
        });
    }

    @Test
    void anExpressionOver16384CharactersIsRefusedWithoutQuotingIt() {
        DefinitionParser.Result result = parser.parse(withOutput(Map.of("big", "{{ '" + "a".repeat(20_000) + "' }}")));

        assertThat(result.errors()).singleElement().satisfies(error -> {
            assertThat(error.field()).isEqualTo("/output/big");
            assertThat(error.message()).contains("16384").contains("max-expression-length");
            assertThat(error.message()).hasSizeLessThan(300);
        });
    }

    @Test
    void anExpressionNestedDeeperThan200IsRefused() {
        String deep = "(".repeat(201) + "1" + ")".repeat(201);

        DefinitionParser.Result result = parser.parse(withOutput(List.of("{{ " + deep + " }}")));

        assertThat(result.errors()).singleElement().satisfies(error -> {
            assertThat(error.field()).isEqualTo("/output/0");
            assertThat(error.message()).contains("nested 201 deep").contains("limit is 200");
        });
        assertThat(parser.parse(withOutput("{{ " + "(".repeat(200) + "1" + ")".repeat(200) + " }}"))
                        .errors())
                .isEmpty();
    }

    @Test
    void atMost2000ExpressionsPerDefinition() {
        assertThat(parser.parse(withOutput(members(2_000, "{{ trigger.body.m%d }}")))
                        .errors())
                .isEmpty();

        DefinitionParser.Result result = parser.parse(withOutput(members(2_001, "{{ trigger.body.m%d }}")));

        assertThat(result.errors()).singleElement().satisfies(error -> {
            assertThat(error.field()).isEqualTo("/output/m2000");
            assertThat(error.message()).contains("2000 expressions").contains("max-expressions");
        });
    }

    @Test
    void atMost65536CharactersOfExpressionsPerDefinition() {
        String longOne = "{{ trigger.body.m%d & '" + "x".repeat(15_000) + "' }}";

        DefinitionParser.Result result = parser.parse(withOutput(members(5, longOne)));

        assertThat(result.errors()).singleElement().satisfies(error -> {
            assertThat(error.field()).isEqualTo("/output/m4");
            assertThat(error.message()).contains("65536").contains("max-expression-chars");
        });
    }

    @Test
    void checkingStopsAtTheTimeBox() {
        DefinitionParser boxed =
                new DefinitionParser(FakeStepTypes.all(), Templates.withDefaults(), 100, null, limits(Duration.ZERO));

        DefinitionParser.Result result = boxed.parse(withOutput(members(3, "{{ trigger.body.m%d }}")));

        assertThat(result.errors()).singleElement().satisfies(error -> {
            assertThat(error.field()).isEqualTo("/output/m0");
            assertThat(error.message()).contains("0 ms").contains("validation-time-box");
        });
    }

    @Test
    void atMost50ProblemsAreReported() {
        DefinitionParser.Result result = parser.parse(withOutput(members(300, "{{ trigger.body.m%d + }}")));

        assertThat(result.errors()).hasSize(50);
        assertThat(result.errors().getFirst().field()).isEqualTo("/output/m0");
        assertThat(result.errors().getLast())
                .isEqualTo(new FieldError(
                        "definition",
                        "may have more problems than the 50 reported (levqor.workflow.max-reported-errors):"
                                + " fix these and validate again"));
    }

    @Test
    void aProblemQuotesAtMost80CharactersOfTheExpression() {
        String garbage = "a + ".repeat(3_000);

        DefinitionParser.Result result = parser.parse(withOutput("{{ " + garbage + " }}"));

        assertThat(result.errors()).singleElement().satisfies(error -> {
            assertThat(error.message()).contains("does not parse");
            assertThat(error.message()).hasSizeLessThan(400);
        });
    }

    @Test
    void theNestedQuantifierCheckIsLinearOnAGroupThatNeverCloses() {
        // (a+a+a+… with no ')': the former backtracking pattern took quadratic time over it.
        String regex = "(" + "a+".repeat(8_000);

        assertThat(Templates.withDefaults().problems("{{ $match('x', /" + regex + "/) }}"))
                .noneMatch(problem -> problem.contains("nested quantifier"));
        assertThat(Templates.withDefaults().problems("{{ $match('x', /(a+)+b/) }}"))
                .singleElement()
                .asString()
                .contains("nested quantifier");
    }

    @Test
    void aLongLiteralKeepsItsValue() {
        // Long literals are compiled in pieces (JSONata builds a literal in quadratic time); escapes straddle the
        // piece boundaries here, so a piece that split one would change the string or fail to parse.
        StringBuilder source = new StringBuilder();
        StringBuilder expected = new StringBuilder();
        for (int i = 0; source.length() < 6_000; i++) {
            String text = "x".repeat(i % 7);
            source.append(text).append("\\n\\u00e9\\\"").append(text);
            expected.append(text).append("\né\"").append(text);
        }
        Templates templates = Templates.withDefaults();

        Object rendered = templates.render("{{ \"" + source + "\" }}", Map.of());
        Object spliced = templates.render("[{{ 'a' & \"" + source + "\" & 'b' }}]", Map.of());

        assertThat(rendered).isEqualTo(expected.toString());
        assertThat(spliced).isEqualTo("[a" + expected + "b]");
    }
}
