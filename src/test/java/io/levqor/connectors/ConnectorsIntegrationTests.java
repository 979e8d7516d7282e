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

    @Test
    void everyConnectorIsAStepTypeBeanWithASchema() {
        assertThat(stepTypes)
                .extracting(StepType::name)
                .contains("http", "slack", "discord", "teams", "telegram", "email", "llm")
                .doesNotHaveDuplicates();
        assertThat(stepTypes).allSatisfy(type -> assertThat(type.schema()).containsEntry("type", "object"));
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
