package io.levqor.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The fuzzer's own checks catch what they claim to: an undocumented status, a wrong media type, a wrong body. */
class SchemaFuzzerTests {

    private static final JsonNode DOCUMENT = JsonMapper.builder().build().readTree("""
                    {"openapi": "3.1.0",
                     "paths": {"/things/{id}": {"get": {
                        "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}},
                                       {"name": "limit", "in": "query", "schema": {"type": "integer"}}],
                        "responses": {
                          "200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}},
                          "404": {"content": {"application/problem+json": {"schema": {"type": "object",
                                    "required": ["status"]}}}}}}},
                               "/things": {"post": {
                        "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}},
                        "responses": {"201": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}}}}}},
                     "components": {"schemas": {"Thing": {"type": "object", "required": ["id"],
                        "properties": {"id": {"type": "string"}, "size": {"type": "integer", "minimum": 1}}}}}}
                    """);

    private final SchemaFuzzer fuzzer = new SchemaFuzzer(DOCUMENT, 7, Map.of(), Set.of());

    @Test
    void acceptsAnAnswerTheDocumentDescribes() {
        SchemaFuzzer.Operation get = fuzzer.operations().getFirst();

        assertThat(fuzzer.violation(get, 200, "application/json", "{\"id\": \"a\", \"size\": 2}"))
                .isEmpty();
        assertThat(fuzzer.violation(get, 404, "application/problem+json", "{\"status\": 404}"))
                .isEmpty();
    }

    @Test
    void reportsAnUndocumentedStatusMediaTypeOrBody() {
        SchemaFuzzer.Operation get = fuzzer.operations().getFirst();

        assertThat(fuzzer.violation(get, 500, "application/problem+json", "{}"))
                .hasValueSatisfying(why -> assertThat(why).contains("status 500 is not documented"));
        assertThat(fuzzer.violation(get, 404, "text/html", "<html>"))
                .hasValueSatisfying(why -> assertThat(why).contains("content type text/html"));
        assertThat(fuzzer.violation(get, 200, "application/json", "{\"id\": 5}"))
                .hasValueSatisfying(why -> assertThat(why).contains("200 schema"));
        assertThat(fuzzer.violation(get, 200, "application/json", "{\"size\": 0}"))
                .hasValueSatisfying(why -> assertThat(why).contains("200 schema"));
    }

    @Test
    void reusesIdsFromAnswersAndMutatesAsAsked() {
        SchemaFuzzer.Operation get = fuzzer.operations().getFirst();
        SchemaFuzzer.Operation post = fuzzer.operations().get(1);
        fuzzer.learn(post, 201, "{\"id\": \"known-id\"}");

        boolean reused = false;
        for (int i = 0; i < 20; i++) {
            reused |= fuzzer.next(get, SchemaFuzzer.Mutation.VALID).uri().startsWith("/things/known-id");
        }
        assertThat(reused).isTrue();
        assertThat(fuzzer.next(get, SchemaFuzzer.Mutation.ODD_QUERY).uri()).contains("?");
        SchemaFuzzer.Request nul = fuzzer.next(post, SchemaFuzzer.Mutation.RAW_NUL);
        assertThat(new String(nul.body(), StandardCharsets.UTF_8)).contains("\0");
    }
}
