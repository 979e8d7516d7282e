package io.levqor.engine;

import static io.levqor.engine.EngineFixtures.transform;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.levqor.shared.WorkspaceId;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.workflow.Credentials;
import io.levqor.workflow.WorkflowView;
import io.levqor.workflow.Workflows;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Runs whose middle step calls a real local HTTP peer through the connectors' {@code http} step. */
@LevqorIntegrationTest
class HttpStepRunIntegrationTests {

    @Autowired
    org.springframework.context.ApplicationContext context;

    @Autowired
    Runs runs;

    @Autowired
    Workflows workflows;

    @Autowired
    Credentials credentials;

    private HttpServer peer;
    private final List<String> idempotencyKeys = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private EngineFixtures fixtures;
    private final WorkspaceId workspace = WorkspaceId.newId();

    @BeforeEach
    void startPeer() throws IOException {
        fixtures = new EngineFixtures(context);
        peer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        peer.createContext("/in", exchange -> {
            idempotencyKeys.add(exchange.getRequestHeaders().getFirst("Idempotency-Key"));
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            authorizations.add(String.valueOf(authorization));
            byte[] request = exchange.getRequestBody().readAllBytes();
            int status = failuresLeft.getAndDecrement() > 0 ? 503 : 200;
            String body =
                    "{\"got\":" + new String(request, StandardCharsets.UTF_8) + ",\"auth\":\"" + authorization + "\"}";
            byte[] answer = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        peer.start();
    }

    @AfterEach
    void stopPeer() {
        peer.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + peer.getAddress().getPort() + "/in";
    }

    private WorkflowView workflow(Map<String, Object> call) {
        return fixtures.workflow(
                workspace,
                Map.of(
                        "trigger", Map.of("type", "manual"),
                        "steps",
                                List.of(
                                        transform("prepare", Map.of("text", "{{ 'order ' & trigger.input.order }}")),
                                        call,
                                        transform("finish", "{{ steps.call.output.body.got.text }}")),
                        "output", "{{ steps.finish.output }}"));
    }

    @Test
    void aRunCallsThePeerOnceWithItsIdempotencyKey() {
        WorkflowView workflow = workflow(Map.of(
                "id",
                "call",
                "type",
                "http",
                "method",
                "POST",
                "url",
                url(),
                "body",
                Map.of("text", "{{ steps.prepare.output.text }}")));

        UUID runId = fixtures.start(workspace, workflow, Map.of("order", 7));
        RunView run = fixtures.awaitEnd(workspace, runId);

        assertThat(run.status()).isEqualTo("succeeded");
        assertThat(run.output()).isEqualTo("order 7");
        assertThat(idempotencyKeys).containsExactly(runId + ":call");
    }

    @Test
    void aPeerThatIsDownForAWhileIsRetriedWithTheSameKey() {
        failuresLeft.set(2);
        WorkflowView workflow = workflow(Map.of(
                "id",
                "call",
                "type",
                "http",
                "method",
                "POST",
                "url",
                url(),
                "body",
                Map.of("text", "{{ steps.prepare.output.text }}"),
                "retry",
                Map.of("maxAttempts", 4, "initialDelay", "10ms", "maxDelay", "50ms")));

        UUID runId = fixtures.start(workspace, workflow, Map.of("order", 8));
        RunView run = fixtures.awaitEnd(workspace, runId);

        assertThat(run.status()).isEqualTo("succeeded");
        assertThat(run.steps().get(1).attempts()).hasSize(3);
        assertThat(idempotencyKeys).hasSize(3).containsOnly(runId + ":call");
    }

    @Test
    void aCredentialsSecretIsMaskedInTheRunsHistory() {
        credentials.create(workspace, "peer", "bearer", Map.of("token", "very-secret-token-123"));
        WorkflowView workflow = workflow(Map.of(
                "id",
                "call",
                "type",
                "http",
                "method",
                "POST",
                "url",
                url(),
                "credential",
                "peer",
                "body",
                Map.of("text", "{{ steps.prepare.output.text }}")));

        UUID runId = fixtures.start(workspace, workflow, Map.of("order", 9));
        RunView run = fixtures.awaitEnd(workspace, runId);

        assertThat(run.status()).isEqualTo("succeeded");
        assertThat(authorizations).containsExactly("Bearer very-secret-token-123");
        assertThat(String.valueOf(run.steps()))
                .doesNotContain("very-secret-token-123")
                .contains("***");
    }
}
