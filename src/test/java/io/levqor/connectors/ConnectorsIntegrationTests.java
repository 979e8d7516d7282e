package io.levqor.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.support.HttpApi;
import io.levqor.support.LevqorIntegrationTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@LevqorIntegrationTest
class ConnectorsIntegrationTests {

    @Autowired
    List<StepType> stepTypes;

    @Autowired
    HttpApi api;

    @Autowired
    io.levqor.workflow.Workflows workflows;

    @Test
    void everyConnectorIsAStepTypeBeanWithASchema() {
        assertThat(stepTypes)
                .extracting(StepType::name)
                .contains("http", "slack", "discord", "teams", "telegram", "email", "llm")
                .doesNotHaveDuplicates();
        assertThat(stepTypes)
                .filteredOn(type -> List.of("http", "slack", "discord", "teams", "telegram", "email", "llm")
                        .contains(type.name()))
                .hasSize(7)
                .allSatisfy(type -> assertThat(type.schema()).containsEntry("type", "object"));
    }

    @Test
    void workflowDefinitionsUsingEveryConnectorValidateAgainstTheirSchemas() {
        var definition = Map.of(
                "trigger", Map.of("type", "manual"),
                "steps",
                        List.of(
                                Map.of(
                                        "id",
                                        "call",
                                        "type",
                                        "http",
                                        "method",
                                        "POST",
                                        "url",
                                        "https://api.example.com/x",
                                        "credential",
                                        "api",
                                        "bodyType",
                                        "form",
                                        "body",
                                        Map.of("a", "b")),
                                Map.of(
                                        "id",
                                        "slack",
                                        "type",
                                        "slack",
                                        "credential",
                                        "slack",
                                        "channel",
                                        "#ops",
                                        "text",
                                        "{{ steps.call.output.status }}"),
                                Map.of(
                                        "id",
                                        "discord",
                                        "type",
                                        "discord",
                                        "credential",
                                        "discord",
                                        "content",
                                        "hi",
                                        "embeds",
                                        List.of(Map.of("title", "t"))),
                                Map.of(
                                        "id",
                                        "teams",
                                        "type",
                                        "teams",
                                        "credential",
                                        "teams",
                                        "title",
                                        "T",
                                        "text",
                                        "x"),
                                Map.of(
                                        "id",
                                        "telegram",
                                        "type",
                                        "telegram",
                                        "credential",
                                        "tg",
                                        "chatId",
                                        -100,
                                        "text",
                                        "x",
                                        "parseMode",
                                        "HTML"),
                                Map.of(
                                        "id",
                                        "mail",
                                        "type",
                                        "email",
                                        "to",
                                        List.of("a@example.com"),
                                        "subject",
                                        "s",
                                        "html",
                                        "<p>x</p>"),
                                Map.of(
                                        "id",
                                        "ask",
                                        "type",
                                        "llm",
                                        "credential",
                                        "openai",
                                        "model",
                                        "gpt-4o-mini",
                                        "prompt",
                                        "hi",
                                        "temperature",
                                        0.2,
                                        "maxTokens",
                                        50,
                                        "jsonMode",
                                        true)));

        assertThat(workflows
                        .validate(io.levqor.shared.WorkspaceId.newId(), definition)
                        .steps())
                .hasSize(7);
    }

    @Test
    void circuitBreakerStatesAreExportedToMetrics() throws Exception {
        StepType http = stepTypes.stream()
                .filter(t -> t.name().equals("http"))
                .findFirst()
                .orElseThrow();
        try (Peer peer = new Peer()) {
            peer.on("/ok", Peer.Reply.empty(200));

            // The test context allow-lists 127.0.0.1, as operators do with LEVQOR_HTTP_ALLOWED_HOSTS.
            var outcome = http.execute(Steps.request("s", Map.of("url", peer.url("/ok"))));
            assertThat(outcome).isInstanceOf(StepOutcome.Succeeded.class);
        }

        String metrics = api.get("/metrics").send().body();

        assertThat(metrics)
                .contains("resilience4j_circuitbreaker_state{")
                .containsPattern(
                        "resilience4j_circuitbreaker_state\\{[^}]*name=\"http:127.0.0.1\"[^}]*state=\"closed\"[^}]*} 1.0");
    }
}
