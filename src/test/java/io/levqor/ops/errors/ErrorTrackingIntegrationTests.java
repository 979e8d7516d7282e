package io.levqor.ops.errors;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.levqor.identity.internal.OperatorBootstrap;
import io.levqor.ops.errors.jdbc.ErrorRepository;
import io.levqor.shared.DatabaseAvailability;
import io.levqor.support.HttpApi;
import io.levqor.support.HttpApi.Response;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.support.MutableClock;
import io.levqor.support.TestAccounts;
import io.levqor.support.TestAccounts.Account;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import tools.jackson.databind.JsonNode;

@LevqorIntegrationTest
class ErrorTrackingIntegrationTests {

    @Autowired
    HttpApi api;

    @Autowired
    TestAccounts accounts;

    @Autowired
    OperatorBootstrap operators;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MutableClock clock;

    @Autowired
    ErrorRepository repository;

    @Autowired
    PlatformTransactionManager transactions;

    @AfterEach
    void reset() {
        operators.apply("");
    }

    @Test
    void anUnexpectedErrorCarriesAnErrorIdAndTheSameErrorTwiceIsOneGroupCountedTwice() {
        Response first = api.get("/api/v1/test/boom").send();
        assertThat(first.status()).isEqualTo(500);
        assertThat(first.contentType()).startsWith("application/problem+json");
        String firstId = first.json().path("errorId").asString();
        assertThat(firstId).matches("[a-z2-7]{16}");

        clock.advance(Duration.ofMinutes(3));
        Response second = api.get("/api/v1/test/boom").send();
        String secondId = second.json().path("errorId").asString();
        assertThat(secondId).matches("[a-z2-7]{16}").isNotEqualTo(firstId);

        String token = operator();
        JsonNode items =
                api.get("/api/v1/admin/errors").bearer(token).send().json().path("items");
        assertThat(items.size()).isEqualTo(1);
        JsonNode group = items.get(0);
        assertThat(group.path("kind").asString()).isEqualTo("server");
        assertThat(group.path("type").asString()).isEqualTo(IllegalStateException.class.getName());
        assertThat(group.path("count").asLong()).isEqualTo(2);
        assertThat(group.path("lastErrorId").asString()).isEqualTo(secondId);
        assertThat(group.path("frames").asString()).startsWith("io.levqor.support.ProbeController.boom");
        assertThat(group.path("sample").path("message").asString()).isEqualTo("secret internals");
        assertThat(group.path("sample").path("method").asString()).isEqualTo("GET");
        assertThat(group.path("sample").path("path").asString()).isEqualTo("/api/v1/test/boom");
        assertThat(Duration.between(
                        java.time.Instant.parse(group.path("firstSeen").asString()),
                        java.time.Instant.parse(group.path("lastSeen").asString())))
                .isGreaterThanOrEqualTo(Duration.ofMinutes(3));
    }

    @Test
    void secretsInTheMessageAndTheQueryStringAreNeverStored() {
        Response response = api.get("/api/v1/test/boom-secret?apiKey=lvq_query_secret_value&x=1")
                .header("Authorization", "Bearer header-secret-token-000000")
                .send();
        assertThat(response.status()).isEqualTo(500);
        assertThat(response.json().path("errorId").asString()).isNotBlank();

        String stored = jdbc.sql("SELECT concat_ws(' ', error_type, frames, sample_message, sample_method, sample_path)"
                        + " FROM ops_error_groups")
                .query(String.class)
                .single();
        assertThat(stored)
                .contains("call failed", "/api/v1/test/boom-secret", "[redacted]")
                .doesNotContain("lvq_live_9f8e7d6c5b4a39281706")
                .doesNotContain("query-secret-123")
                .doesNotContain("hunter2hunter2")
                .doesNotContain("eyJhbGciOiJIUzI1NiJ9")
                .doesNotContain("ada@example.com")
                .doesNotContain("lvq_query_secret_value")
                .doesNotContain("apiKey")
                .doesNotContain("header-secret-token");
    }

    @Test
    void theOperatorPagesGroupsNewestFirstAndNobodyElseReadsThem() {
        for (int i = 0; i < 3; i++) {
            clock.advance(Duration.ofMinutes(1));
            repository.record(
                    new ErrorFingerprint("server", "T" + i, "io.levqor.X.y"),
                    "errorid" + i,
                    clock.instant(),
                    null,
                    "GET",
                    "/p");
        }
        String token = operator();
        JsonNode page =
                api.get("/api/v1/admin/errors?limit=2").bearer(token).send().json();
        assertThat(page.path("items").findValuesAsString("type")).containsExactly("T2", "T1");
        String cursor = page.path("nextCursor").asString();
        JsonNode rest = api.get("/api/v1/admin/errors?limit=2&cursor=" + cursor)
                .bearer(token)
                .send()
                .json();
        assertThat(rest.path("items").findValuesAsString("type")).containsExactly("T0");
        assertThat(rest.hasNonNull("nextCursor")).isFalse();

        assertThat(api.get("/api/v1/admin/errors?kind=client")
                        .bearer(token)
                        .send()
                        .json()
                        .path("items")
                        .size())
                .isZero();
        Response badKind =
                api.get("/api/v1/admin/errors?kind=other").bearer(token).send();
        assertThat(badKind.status()).isEqualTo(400);
        assertThat(badKind.body()).contains("kind");
        Response badCursor =
                api.get("/api/v1/admin/errors?cursor=nonsense").bearer(token).send();
        assertThat(badCursor.status()).isEqualTo(400);
        assertThat(badCursor.body()).contains("cursor");

        Account member = accounts.signUp();
        assertThat(api.get("/api/v1/admin/errors")
                        .bearer(member.accessToken())
                        .send()
                        .status())
                .isEqualTo(403);
        assertThat(api.get("/api/v1/admin/errors").send().status()).isEqualTo(401);
        JsonNode document = api.get("/v3/api-docs").send().json().get("paths");
        assertThat(document.has("/api/v1/admin/errors")).isTrue();
        assertThat(document.has("/api/v1/errors/report")).isTrue();
    }

    @Test
    void aClientReportIsValidatedStoredAsAClientGroupAndRateLimitedPerUser() {
        Account user = accounts.signUp();
        Response reported = api.post(
                        "/api/v1/errors/report",
                        Map.of(
                                "type", "TypeError",
                                "message", "x is undefined (token=abcdef0123456789abcdef)",
                                "stack", "at render (https://levqor.test/app.js?v=secret-build:10:5)\nat main",
                                "url", "https://levqor.test/console/runs?token=page-secret#frag"))
                .bearer(user.accessToken())
                .send();
        assertThat(reported.status()).isEqualTo(202);
        String errorId = reported.json().path("errorId").asString();

        String token = operator();
        JsonNode group = api.get("/api/v1/admin/errors?kind=client")
                .bearer(token)
                .send()
                .json()
                .path("items")
                .get(0);
        assertThat(group.path("type").asString()).isEqualTo("TypeError");
        assertThat(group.path("lastErrorId").asString()).isEqualTo(errorId);
        assertThat(group.path("sample").path("path").asString()).isEqualTo("/console/runs");
        assertThat(group.toString())
                .doesNotContain("page-secret")
                .doesNotContain("secret-build")
                .doesNotContain("abcdef0123456789abcdef");

        Response noMessage = api.post("/api/v1/errors/report", Map.of("type", "TypeError"))
                .bearer(user.accessToken())
                .send();
        assertThat(noMessage.status()).isEqualTo(400);
        assertThat(noMessage.json().path("errors").get(0).path("field").asString())
                .isEqualTo("message");
        Map<String, Object> tooLong = new HashMap<>();
        tooLong.put("message", "boom");
        tooLong.put("stack", "x".repeat(ErrorTracking.MAX_CLIENT_STACK + 1));
        Response longStack = api.post("/api/v1/errors/report", tooLong)
                .bearer(user.accessToken())
                .send();
        assertThat(longStack.status()).isEqualTo(400);
        assertThat(longStack.json().path("errors").get(0).path("field").asString())
                .isEqualTo("stack");
        assertThat(api.post("/api/v1/errors/report", Map.of("message", "m"))
                        .send()
                        .status())
                .isEqualTo(401);

        // 30 a minute by default; the first was above, so 29 more pass and the next is refused.
        for (int i = 0; i < 29; i++) {
            assertThat(api.post("/api/v1/errors/report", Map.of("message", "again"))
                            .bearer(user.accessToken())
                            .send()
                            .status())
                    .isEqualTo(202);
        }
        Response limited = api.post("/api/v1/errors/report", Map.of("message", "again"))
                .bearer(user.accessToken())
                .send();
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.header("Retry-After")).isNotBlank();
        // Another user has a bucket of their own.
        assertThat(api.post("/api/v1/errors/report", Map.of("message", "again"))
                        .bearer(accounts.signUp().accessToken())
                        .send()
                        .status())
                .isEqualTo(202);
    }

    @Test
    void aBrokenDatabaseSkipsStoringInsteadOfFailingAgain() {
        ErrorTrackingSettings settings = new ErrorTrackingSettings(true, 30, "");
        DatabaseAvailability down = new DatabaseAvailability() {
            @Override
            public boolean available() {
                return false;
            }

            @Override
            public void suspect() {}
        };
        new ErrorTracking(repository, down, transactions, clock, settings, new SentryForwarder(null, null))
                .serverError("downdowndowndown", new IllegalStateException("x"), "GET", "/p");

        DatabaseAvailability up = new DatabaseAvailability() {
            @Override
            public boolean available() {
                return true;
            }

            @Override
            public void suspect() {}
        };
        ErrorRepository failing = new ErrorRepository(jdbc) {
            @Override
            public void record(
                    ErrorFingerprint fingerprint,
                    String errorId,
                    java.time.Instant at,
                    @org.jspecify.annotations.Nullable String message,
                    @org.jspecify.annotations.Nullable String method,
                    @org.jspecify.annotations.Nullable String path) {
                throw new org.springframework.dao.DataAccessResourceFailureException("connection refused");
            }
        };
        new ErrorTracking(failing, up, transactions, clock, settings, new SentryForwarder(null, null))
                .serverError("failfailfailfail", new IllegalStateException("x"), "GET", "/p");

        assertThat(jdbc.sql("SELECT count(*) FROM ops_error_groups")
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void withADsnTheSentryPeerReceivesTheEventCarryingTheClientsErrorIdRedacted() throws Exception {
        BlockingQueue<String> envelopes = new LinkedBlockingQueue<>();
        HttpServer peer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        peer.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                body = new GZIPInputStream(new ByteArrayInputStream(body)).readAllBytes();
            }
            envelopes.add(exchange.getRequestURI().getPath() + "\n" + new String(body, StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        peer.start();
        try (SentryForwarder sentry = new SentryForwarder(
                "http://publickey@127.0.0.1:" + peer.getAddress().getPort() + "/42", "levqor@test")) {
            Response response = api.get("/api/v1/test/boom-secret?apiKey=lvq_query_secret_value")
                    .send();
            String errorId = response.json().path("errorId").asString();

            String event = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (event == null && System.nanoTime() < deadline) {
                String envelope = envelopes.poll(1, TimeUnit.SECONDS);
                if (envelope != null && envelope.contains(errorId)) {
                    event = envelope;
                }
            }
            assertThat(event).as("an envelope with errorId " + errorId).isNotNull();
            assertThat(event)
                    .startsWith("/api/42/envelope/")
                    .contains("IllegalArgumentException", "call failed")
                    .doesNotContain("lvq_live_9f8e7d6c5b4a39281706")
                    .doesNotContain("hunter2hunter2")
                    .doesNotContain("lvq_query_secret_value");
        } finally {
            peer.stop(0);
        }
    }

    private String operator() {
        Account operator = accounts.signUp();
        operators.apply(operator.email());
        return api.post("/api/v1/auth/login", Map.of("email", operator.email(), "password", operator.password()))
                .send()
                .json()
                .path("accessToken")
                .asString();
    }
}
