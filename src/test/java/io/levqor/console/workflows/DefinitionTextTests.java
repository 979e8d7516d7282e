package io.levqor.console.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.shared.FieldError;
import java.util.List;
import org.junit.jupiter.api.Test;

class DefinitionTextTests {

    static final String TEXT = """
            {
              "trigger": { "type": "webhook" },
              "steps": [
                { "id": "a", "type": "transform" },
                {
                  "id": "b",
                  "type": "http",
                  "url": "not a url"
                }
              ]
            }
            """;

    @Test
    void mapsPointersToTheLineOfTheMemberOrArrayElement() {
        DefinitionText text = DefinitionText.parse(TEXT);

        assertThat(text.syntaxError()).isNull();
        assertThat(text.lineOf("/trigger/type")).isEqualTo(2);
        assertThat(text.lineOf("/steps/0")).isEqualTo(4);
        assertThat(text.lineOf("/steps/0/type")).isEqualTo(4);
        assertThat(text.lineOf("/steps/1")).isEqualTo(5);
        assertThat(text.lineOf("/steps/1/url")).isEqualTo(8);
    }

    @Test
    void aMissingMemberPointsAtItsNearestParent() {
        DefinitionText text = DefinitionText.parse(TEXT);

        assertThat(text.lineOf("/steps/1/timeout")).isEqualTo(5);
        assertThat(text.lineOf("/output")).isEqualTo(1);
        assertThat(text.lineOf("definition")).isEqualTo(1);
    }

    @Test
    void placesValidationErrorsInLineOrder() {
        DefinitionText text = DefinitionText.parse(TEXT);

        var problems = text.place(List.of(
                new FieldError("/steps/1/url", "must be an absolute http(s) URL"),
                new FieldError("/trigger/type", "is odd")));

        assertThat(problems)
                .extracting(DefinitionText.Problem::line, DefinitionText.Problem::message)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(2, "/trigger/type: is odd"),
                        org.assertj.core.groups.Tuple.tuple(8, "/steps/1/url: must be an absolute http(s) URL"));
    }

    @Test
    void reportsASyntaxErrorAtItsLine() {
        DefinitionText text = DefinitionText.parse("{\n  \"trigger\": {\n    \"type\": \"webhook\",,\n  }\n}");

        assertThat(text.value()).isNull();
        assertThat(text.syntaxError()).isNotNull();
        assertThat(text.syntaxError().line()).isEqualTo(3);
        assertThat(text.syntaxError().message()).startsWith("not valid JSON");
    }

    @Test
    void lineDiffMarksAddedAndRemovedLines() {
        var diff = LineDiff.between("a\nb\nc", "a\nB\nc\nd");

        assertThat(diff).extracting(LineDiff.Line::kind).containsExactly("same", "del", "add", "same", "add");
    }
}
