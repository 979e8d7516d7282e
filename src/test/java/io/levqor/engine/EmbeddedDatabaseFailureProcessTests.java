package io.levqor.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.support.LevqorProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The packaged jar under webhook load while its embedded PostgreSQL's postmaster is killed with SIGKILL: the
 * supervisor restarts it (crash recovery), readiness goes DOWN and UP again, webhooks answer 202 or 503 with
 * {@code Retry-After} (never 500, never a hang), and every run accepted before and after the kill succeeds. Then a
 * second start on the same data directory with another {@code LEVQOR_MASTER_KEY} refuses to start.
 */
class EmbeddedDatabaseFailureProcessTests {

    private static final Duration START = Duration.ofMinutes(4);
    /** No webhook may take longer than this: the pool's 2 s connection timeout, with room for a slow machine. */
    private static final Duration HANG = Duration.ofSeconds(6);

    private static final String KEY = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
    private static final String OTHER_KEY = "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path work;

    @Test
    void killingTheEmbeddedPostgresLosesNothingAndAWrongMasterKeyIsRefused() throws Exception {
        Path data = work.resolve("data");
        Map<String, String> env = Map.of(
                "LEVQOR_DATA_DIR",
                data.toString(),
                "LEVQOR_MASTER_KEY",
                KEY,
                // Hundreds of runs in a day are beyond the free plan; the database is under test, not the plans.
                "LEVQOR_BILLING_ENABLED",
                "false",
                // Eight clients on one webhook go past its rate limit on purpose.
                "LEVQOR_HOOKS_RATE_LIMIT_ENABLED",
                "false");
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .build();
        Set<String> accepted = ConcurrentHashMap.newKeySet();
        ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
        AtomicInteger unavailable = new AtomicInteger();
        try (var levqor = LevqorProcess.start(env, work.resolve("levqor.log"))) {
            levqor.awaitHealthy(START);
            String hook = levqor.baseUrl() + createWorkflow(client, levqor);

            AtomicBoolean sending = new AtomicBoolean(true);
            ExecutorService load = Executors.newVirtualThreadPerTaskExecutor();
            for (int c = 0; c < 8; c++) {
                load.execute(() -> {
                    while (sending.get()) {
                        send(client, hook, accepted, wrong, unavailable);
                    }
                });
            }
            try {
                Eventually.await(
                        "runs accepted before the kill",
                        Duration.ofSeconds(60),
                        () -> accepted.size() >= 200,
                        Boolean::booleanValue);
                long pid = postmasterPid(data);
                assertThat(ProcessHandle.of(pid).orElseThrow().destroyForcibly())
                        .isTrue();
                int acceptedAtKill = accepted.size();

                Eventually.await(
                        "readiness DOWN",
                        Duration.ofSeconds(30),
                        () -> status(client, levqor, "/health/readiness"),
                        s -> s == 503);
                assertThat(status(client, levqor, "/health/liveness")).isEqualTo(200);
                Eventually.await(
                        "readiness UP again",
                        Duration.ofSeconds(60),
                        () -> status(client, levqor, "/health/readiness"),
                        s -> s == 200);
                assertThat(postmasterPid(data)).isNotEqualTo(pid);
                Eventually.await(
                        "runs accepted after the restart",
                        Duration.ofSeconds(60),
                        () -> accepted.size() >= acceptedAtKill + 200,
                        Boolean::booleanValue);
            } finally {
                sending.set(false);
                load.close();
            }

            assertThat(wrong)
                    .as("answers other than 202, or 503 with Retry-After: 5 and a problem")
                    .isEmpty();
            assertThat(unavailable.get()).as("503s while the database was down").isPositive();
            assertThat(levqor.output()).contains("The embedded PostgreSQL (postmaster pid");

            JdbcClient jdbc = JdbcClient.create(database(data));
            Eventually.await(
                    "every accepted run to end",
                    Duration.ofSeconds(60),
                    () -> jdbc.sql("SELECT count(*) FROM run WHERE finished_at IS NULL")
                            .query(Long.class)
                            .single(),
                    n -> n == 0);
            Map<String, String> statuses = jdbc
                    .sql("SELECT id, status FROM run")
                    .query((rs, row) -> Map.entry(rs.getString("id"), rs.getString("status")))
                    .list()
                    .stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
            assertThat(statuses.keySet()).as("accepted runs that were lost").containsAll(accepted);
            assertThat(accepted.stream()
                            .filter(id -> !"succeeded".equals(statuses.get(id)))
                            .toList())
                    .as("accepted runs that did not succeed")
                    .isEmpty();
            assertThat(levqor.stop()).isIn(0, 143); // 143: the JVM's status after SIGTERM
        }

        // The same data directory with another master key: refused at start, naming the setting.
        var wrongKey = new java.util.HashMap<>(env);
        wrongKey.put("LEVQOR_MASTER_KEY", OTHER_KEY);
        try (var second = LevqorProcess.start(wrongKey, work.resolve("wrong-key.log"))) {
            assertThat(second.awaitExit(START)).isNotZero();
            assertThat(second.output()).contains("Wrong LEVQOR_MASTER_KEY").contains("LEVQOR_MASTER_KEY_PREVIOUS");
        }
    }

    private static void send(
            HttpClient client,
            String hook,
            Set<String> accepted,
            ConcurrentLinkedQueue<String> wrong,
            AtomicInteger unavailable) {
        var request = HttpRequest.newBuilder(URI.create(hook))
                .timeout(HANG)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"n\":1}"))
                .build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 202) {
                accepted.add(JSON.readTree(response.body()).get("runId").asString());
            } else if (response.statusCode() == 503
                    && "5".equals(response.headers().firstValue("Retry-After").orElse(null))
                    && response.headers()
                            .firstValue("Content-Type")
                            .orElse("")
                            .startsWith("application/problem+json")) {
                unavailable.incrementAndGet();
            } else {
                wrong.add(response.statusCode() + " " + response.headers().map() + " " + response.body());
            }
        } catch (HttpTimeoutException e) {
            wrong.add("no answer within " + HANG);
        } catch (Exception e) {
            wrong.add(e.toString());
        }
    }

    private static int status(HttpClient client, LevqorProcess levqor, String path) {
        try {
            return client.send(
                            HttpRequest.newBuilder(URI.create(levqor.baseUrl() + path))
                                    .timeout(Duration.ofSeconds(5))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    /** postmaster.pid: the first line is the pid, the fourth the port. */
    private static long postmasterPid(Path data) throws Exception {
        return Long.parseLong(Files.readAllLines(data.resolve("postgres/postmaster.pid"))
                .get(0)
                .trim());
    }

    private static PGSimpleDataSource database(Path data) throws Exception {
        List<String> lines = Files.readAllLines(data.resolve("postgres/postmaster.pid"));
        var source = new PGSimpleDataSource();
        source.setUrl("jdbc:postgresql://127.0.0.1:" + lines.get(3).trim() + "/postgres");
        source.setUser("postgres");
        return source;
    }

    private static String createWorkflow(HttpClient client, LevqorProcess levqor) throws Exception {
        JsonNode signup = JSON.readTree(post(
                client,
                levqor.baseUrl() + "/api/v1/auth/signup",
                null,
                Map.of("email", "dbfail@example.com", "password", "correct horse battery", "name", "Db")));
        String token = signup.get("accessToken").asString();
        Map<String, Object> definition = Map.of(
                "trigger", Map.of("type", "webhook"),
                "steps", List.of(Map.of("id", "echo", "type", "transform", "output", "{{ trigger.body.n }}")),
                "output", "{{ steps.echo.output }}");
        JsonNode workflow = JSON.readTree(post(
                client,
                levqor.baseUrl() + "/api/v1/workflows",
                token,
                Map.of("name", "database failure", "definition", definition)));
        String webhookUrl = workflow.get("webhookUrl").asString();
        return webhookUrl.substring(webhookUrl.indexOf("/hooks/"));
    }

    private static String post(HttpClient client, String url, String token, Object body) throws Exception {
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
}
