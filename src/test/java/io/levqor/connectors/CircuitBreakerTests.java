package io.levqor.connectors;

import static io.levqor.connectors.Steps.config;
import static io.levqor.connectors.Steps.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.levqor.connectors.Peer.Reply;
import io.levqor.connectors.internal.ConnectorSettings;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CircuitBreakerTests {

    final Peer peer = new Peer();
    final Steps steps = new Steps(ConnectorSettings.defaults()
            .withAllowedHosts(List.of("127.0.0.1"))
            .withBreaker(new ConnectorSettings.Breaker(50, 4, 4, Duration.ofSeconds(30), 2)));
    final StepRequest call = request("s", config("url", peer.url("/flaky")));

    @AfterEach
    void stop() {
        peer.close();
    }

    @Test
    void opensOnFailuresFailsFastThenRecoversWhenThePeerHeals() throws Exception {
        peer.on("/flaky", Reply.empty(500));
        for (int i = 0; i < 4; i++) {
            assertThat(((StepOutcome.Failed) steps.httpStep.execute(call)).error())
                    .contains("HTTP 500");
        }

        var open = (StepOutcome.Failed) steps.httpStep.execute(call);

        assertThat(open.error()).isEqualTo("circuit open for 127.0.0.1");
        assertThat(open.retryable()).isTrue();
        assertThat(open.retryAfter()).isEqualTo(Duration.ofSeconds(30));
        assertThat(peer.count("/flaky")).isEqualTo(4);
        assertThat(breaker().getState()).isEqualTo(CircuitBreaker.State.OPEN);

        peer.on("/flaky", Reply.text(200, "healed"));
        steps.clock.advance(Duration.ofSeconds(31));

        assertThat(steps.httpStep.execute(call)).isInstanceOf(StepOutcome.Succeeded.class);
        assertThat(breaker().getState()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
        assertThat(steps.httpStep.execute(call)).isInstanceOf(StepOutcome.Succeeded.class);
        assertThat(breaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(peer.count("/flaky")).isEqualTo(6);
    }

    @Test
    void aFailedProbeOpensItAgain() throws Exception {
        peer.on("/flaky", Reply.empty(503));
        for (int i = 0; i < 4; i++) {
            steps.httpStep.execute(call);
        }
        steps.clock.advance(Duration.ofSeconds(31));

        steps.httpStep.execute(call);
        steps.httpStep.execute(call);

        assertThat(breaker().getState()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(((StepOutcome.Failed) steps.httpStep.execute(call)).error()).isEqualTo("circuit open for 127.0.0.1");
    }

    @Test
    void clientErrorsDoNotOpenIt() throws Exception {
        peer.on("/flaky", Reply.empty(404));
        for (int i = 0; i < 10; i++) {
            steps.httpStep.execute(call);
        }

        assertThat(breaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(peer.count("/flaky")).isEqualTo(10);
    }

    @Test
    void breakersAreKeptPerConnectorAndHost() throws Exception {
        peer.on("/flaky", Reply.empty(500));
        for (int i = 0; i < 5; i++) {
            steps.httpStep.execute(call);
        }

        assertThat(breaker().getState()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(steps.breakers.forHost("slack", "127.0.0.1").getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(steps.breakers.forHost("http", "example.com").getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    private CircuitBreaker breaker() {
        return steps.breakers.forHost("http", "127.0.0.1");
    }
}
