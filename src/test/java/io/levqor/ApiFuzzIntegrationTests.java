package io.levqor;

import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.support.HttpApi;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.support.SchemaFuzzer;
import io.levqor.support.TestAccounts;
import io.levqor.support.TestRateLimitTiers;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Schemathesis's checks, run in {@code ./mvnw verify}: requests generated from {@code /v3/api-docs} (valid and
 * mutated, see {@link SchemaFuzzer}) with a real account's token, against the running application. No answer may
 * be a server error (a 500, or any 5xx the document does not list for the operation), and every answer must
 * conform to the document: a listed status, a listed media type, a body valid by the response's schema.
 * {@code -Dfuzz.seed=N -Dfuzz.requests=N} replay another run; docs/security.md records the figures.
 */
@LevqorIntegrationTest
class ApiFuzzIntegrationTests {

    private static final Logger log = LoggerFactory.getLogger(ApiFuzzIntegrationTests.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final long DEFAULT_SEED = 20261207L;
    private static final int DEFAULT_REQUESTS = 2400;

    @Autowired
    HttpApi api;

    @Autowired
    TestAccounts accounts;

    @Autowired
    TestRateLimitTiers tiers;

    @Autowired
    Environment environment;

    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void generatedRequestsGetNoServerErrorAndEveryAnswerConformsToTheDocument() throws Exception {
        long seed = Long.getLong("fuzz.seed", DEFAULT_SEED);
        int budget = Integer.getInteger("fuzz.requests", DEFAULT_REQUESTS);
        TestAccounts.Account owner = accounts.signUp();
        // A busy workspace's tier: the fuzzer should reach the handlers, not mostly the rate limit.
        tiers.put(owner.workspaceId(), "business");
        JsonNode document = api.get("/v3/api-docs").send().json();
        SchemaFuzzer fuzzer = new SchemaFuzzer(document, seed, examples(), Set.of(owner.workspaceId(), owner.userId()));
        List<SchemaFuzzer.Operation> operations = fuzzer.operations().stream()
                .filter(op -> !op.path().startsWith("/api/v1/test/")) // test-only controllers (support/)
                .toList();
        String base = "http://localhost:" + environment.getProperty("local.server.port");

        Random order = new Random(seed);
        List<String> failures = new ArrayList<>();
        Map<String, Integer> statuses = new TreeMap<>();
        int sent = 0;
        long started = System.nanoTime();
        while (sent < budget) {
            SchemaFuzzer.Operation operation = operations.get(order.nextInt(operations.size()));
            SchemaFuzzer.Request request = fuzzer.next(operation);
            HttpResponse<String> response = send(base, request, owner.accessToken());
            sent++;
            int status = response.statusCode();
            statuses.merge(String.valueOf(status), 1, Integer::sum);
            fuzzer.learn(operation, status, response.body());
            String contentType = response.headers().firstValue("Content-Type").orElse(null);
            boolean documented = operation.responses().has(String.valueOf(status));
            if (status == 500 || (status >= 500 && !documented)) {
                failures.add("server error " + status + " on " + request + " → " + abbreviate(response.body()));
                continue;
            }
            fuzzer.violation(operation, status, contentType, response.body())
                    .ifPresent(why -> failures.add(why + " on " + request + " → " + abbreviate(response.body())));
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        log.info(
                "fuzz seed={} requests={} operations={} failures={} statuses={} in {} ms",
                seed,
                sent,
                operations.size(),
                failures.size(),
                statuses,
                millis);

        assertThat(sent).isGreaterThanOrEqualTo(Math.min(budget, 2000));
        assertThat(failures)
                .as("seed %d: %d of %d requests failed", seed, failures.size(), sent)
                .isEmpty();
    }

    private HttpResponse<String> send(String base, SchemaFuzzer.Request request, String token)
            throws IOException, InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + request.uri()))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token);
        request.headers().forEach(builder::header);
        builder.method(
                request.operation().method(),
                request.body() == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(request.body()));
        return client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Values that get valid requests past the first check now and then: the fuzzer uses each half of the time. */
    private static Map<String, Supplier<JsonNode>> examples() {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        return Map.of(
                "definition",
                () -> JSON.readTree("""
                        {"trigger": {"type": "webhook"},
                         "steps": [{"id": "greet", "type": "transform",
                                    "output": {"message": "{{ 'Hello ' & trigger.body.name }}"}}]}
                        """),
                "email",
                () -> nodes.stringNode(TestAccounts.uniqueEmail()),
                "password",
                () -> nodes.stringNode(TestAccounts.PASSWORD),
                "role",
                () -> nodes.stringNode("viewer"),
                "provider",
                () -> nodes.stringNode("stripe"),
                "plan",
                () -> nodes.stringNode("pro"),
                "type",
                () -> nodes.stringNode("bearer"),
                "data",
                () -> nodes.objectNode().put("token", "secret-token"));
    }

    private static String abbreviate(String body) {
        return body.length() > 300 ? body.substring(0, 300) + "…" : body;
    }
}
