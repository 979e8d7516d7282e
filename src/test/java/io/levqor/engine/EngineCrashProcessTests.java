package io.levqor.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.levqor.support.LevqorProcess;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two Levqor processes on one PostgreSQL run 10,000 runs of transform → http → transform; one is killed with
 * SIGKILL midway. Every run must still end succeeded, once, with one successful attempt per step, and the peer
 * must have seen every run's Idempotency-Key.
 */
class EngineCrashProcessTests {

    private static final int RUNS = 10_000;
    private static final Duration START = Duration.ofMinutes(5);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path work;

    @Test
    void everyRunSucceedsExactlyOnceWhenANodeIsKilledMidway() throws Exception {
        Map<String, AtomicInteger> keys = new ConcurrentHashMap<>();
        HttpServer peer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        peer.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        peer.createContext("/charge", exchange -> {
            String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
            keys.computeIfAbsent(String.valueOf(key), k -> new AtomicInteger()).incrementAndGet();
            byte[] request = exchange.getRequestBody().readAllBytes();
            byte[] answer = ("{\"charged\":" + new String(request, StandardCharsets.UTF_8) + "}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        peer.start();
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setServerConfig("max_connections", "300")
                .start()) {
            String url = "postgresql://postgres:unused@localhost:" + postgres.getPort() + "/postgres";
            var jdbc = JdbcClient.create(postgres.getPostgresDatabase());
            Map<String, String> common = Map.of(
                    "LEVQOR_DATABASE_URL", url,
                    "LEVQOR_HTTP_ALLOWED_HOSTS", "127.0.0.1",
                    // 10,000 runs in a day is beyond the free plan; the engine is under test, not the plans.
                    "LEVQOR_BILLING_ENABLED", "false",
                    // 32 clients on one webhook go far past its rate limit on purpose.
                    "LEVQOR_HOOKS_RATE_LIMIT_ENABLED", "false",
                    "LEVQOR_MASTER_KEY", "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff",
                    // A dead node's leases come back within seconds rather than the default half minute.
                    "LEVQOR_ENGINE_LEASE", "5s",
                    "LEVQOR_ENGINE_HEARTBEAT", "1s",
                    "LEVQOR_ENGINE_REAP_INTERVAL", "1s");
            try (var survivor =
                    LevqorProcess.start(with(common, "LEVQOR_DATA_DIR", work.resolve("a")), work.resolve("a.log"))) {
                survivor.awaitHealthy(START);
                try (var victim = LevqorProcess.start(
                        with(common, "LEVQOR_DATA_DIR", work.resolve("b")), work.resolve("b.log"))) {
                    victim.awaitHealthy(START);
                    String hook = createWorkflow(
                            survivor, "http://127.0.0.1:" + peer.getAddress().getPort() + "/charge");

                    postWebhooks(List.of(survivor.baseUrl() + hook, victim.baseUrl() + hook));
                    await("a third of the runs to succeed", Duration.ofMinutes(10), () -> succeeded(jdbc) >= RUNS / 3);
                    // SIGKILL: no shutdown hooks, leases held, steps in flight.
                    victim.process().destroyForcibly().waitFor();
                }

                await("every run to end", Duration.ofMinutes(15), () -> ended(jdbc) >= RUNS);
            }
            assertThat(jdbc.sql("SELECT count(*) FROM run").query(Long.class).single())
                    .isEqualTo(RUNS);
            assertThat(succeeded(jdbc))
                    .as(() -> "runs that did not succeed: "
                            + jdbc.sql("""
                                    SELECT status, error, count(*) AS n FROM run WHERE status <> 'succeeded'
                                     GROUP BY status, error
                                    """).query().listOfRows())
                    .isEqualTo(RUNS);
            assertThat(jdbc.sql("SELECT count(*) FROM run WHERE finished_at IS NULL")
                            .query(Long.class)
                            .single())
                    .isZero();
            assertThat(jdbc.sql("SELECT count(*) FROM job").query(Long.class).single())
                    .isZero();
            // One successful attempt per step of every run, never two.
            assertThat(jdbc.sql("""
                            SELECT count(*) FROM (
                                SELECT run_id, step_id FROM step_attempt WHERE status = 'succeeded'
                                 GROUP BY run_id, step_id HAVING count(*) = 1) once
                            """).query(Long.class).single()).isEqualTo(3L * RUNS);
            assertThat(jdbc.sql("""
                            SELECT count(*) FROM (
                                SELECT run_id, step_id FROM step_attempt WHERE status = 'succeeded'
                                 GROUP BY run_id, step_id HAVING count(*) > 1) twice
                            """).query(Long.class).single()).isZero();
            Set<String> expectedKeys = ConcurrentHashMap.newKeySet();
            jdbc.sql("SELECT id FROM run")
                    .query(java.util.UUID.class)
                    .list()
                    .forEach(id -> expectedKeys.add(id + ":charge"));
            assertThat(keys.keySet()).containsAll(expectedKeys);
            assertThat(keys.values())
                    .allSatisfy(count -> assertThat(count.get()).isPositive());
        } finally {
            peer.stop(0);
        }
    }

    private static Map<String, String> with(Map<String, String> common, String name, Path value) {
        var env = new java.util.HashMap<>(common);
        env.put(name, value.toString());
        return env;
    }

    private static String createWorkflow(LevqorProcess levqor, String peerUrl) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        JsonNode signup = JSON.readTree(send(
                client,
                levqor.baseUrl() + "/api/v1/auth/signup",
                null,
                Map.of("email", "crash@example.com", "password", "correct horse battery", "name", "Crash")));
        String token = signup.get("accessToken").asString();
        Map<String, Object> definition = Map.of(
                "trigger", Map.of("type", "webhook"),
                "steps",
                        List.of(
                                Map.of(
                                        "id",
                                        "prepare",
                                        "type",
                                        "transform",
                                        "output",
                                        Map.of("n", "{{ trigger.body.n }}")),
                                Map.of(
                                        "id",
                                        "charge",
                                        "type",
                                        "http",
                                        "method",
                                        "POST",
                                        "url",
                                        peerUrl,
                                        "body",
                                        "{{ steps.prepare.output }}",
                                        "retry",
                                        Map.of("maxAttempts", 10, "initialDelay", "100ms", "maxDelay", "2s")),
                                Map.of(
                                        "id",
                                        "done",
                                        "type",
                                        "transform",
                                        "output",
                                        "{{ steps.charge.output.body.charged.n }}")),
                "output", "{{ steps.done.output }}");
        JsonNode workflow = JSON.readTree(send(
                client,
                levqor.baseUrl() + "/api/v1/workflows",
                token,
                Map.of("name", "crash test", "definition", definition)));
        String webhookUrl = workflow.get("webhookUrl").asString();
        return webhookUrl.substring(webhookUrl.indexOf("/hooks/"));
    }

    private static String send(HttpClient client, String url, String token, Object body) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private static void postWebhooks(List<String> targets) throws Exception {
        HttpClient client =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        var next = new AtomicInteger();
        var failures = new AtomicInteger();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < 32; c++) {
                pool.execute(() -> {
                    int n;
                    while ((n = next.getAndIncrement()) < RUNS) {
                        var request = HttpRequest.newBuilder(URI.create(targets.get(n % targets.size())))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString("{\"n\":" + n + "}"))
                                .build();
                        try {
                            if (client.send(request, HttpResponse.BodyHandlers.discarding())
                                            .statusCode()
                                    != 202) {
                                failures.incrementAndGet();
                            }
                        } catch (Exception e) {
                            failures.incrementAndGet();
                        }
                    }
                });
            }
        }
        assertThat(failures.get()).as("webhooks not accepted").isZero();
    }

    private static long succeeded(JdbcClient jdbc) {
        return jdbc.sql("SELECT count(*) FROM run WHERE status = 'succeeded'")
                .query(Long.class)
                .single();
    }

    private static long ended(JdbcClient jdbc) {
        return jdbc.sql("SELECT count(*) FROM run WHERE status IN ('succeeded', 'failed', 'cancelled')")
                .query(Long.class)
                .single();
    }

    private static void await(String what, Duration timeout, Supplier<Boolean> condition) {
        Eventually.await(what, timeout, condition, Boolean::booleanValue);
    }
}
