package io.levqor.connectors;

import static io.levqor.connectors.Steps.config;
import static io.levqor.connectors.Steps.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.connectors.Peer.Reply;
import io.levqor.connectors.internal.ConnectorSettings;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class HttpStepTests {

    final Peer peer = new Peer();
    final Steps steps = Steps.allowingLoopback();

    @AfterEach
    void stop() {
        peer.close();
    }

    /** Query parameters keep the definition's order, as the JSON object that holds them does. */
    private static Map<String, Object> orderedQuery() {
        Map<String, Object> query = new java.util.LinkedHashMap<>();
        query.put("tag", List.of("a b", "c"));
        query.put("page", 2);
        return query;
    }

    @Test
    void sendsMethodHeadersQueryJsonBodyAndTheIdempotencyKey() throws Exception {
        peer.on("/orders", Reply.json(201, "{\"id\": 7, \"ok\": true}").with("X-Trace", "abc"));

        StepOutcome outcome = steps.httpStep.execute(request(
                "notify",
                config(
                        "method", "post",
                        "url", peer.url("/orders?existing=1"),
                        "headers", Map.of("X-Custom", "yes"),
                        "query", orderedQuery(),
                        "body", Map.of("text", "hello"))));

        assertThat(outcome).isInstanceOf(StepOutcome.Succeeded.class);
        Map<?, ?> output = (Map<?, ?>) ((StepOutcome.Succeeded) outcome).output();
        assertThat(output.get("status")).isEqualTo(201);
        assertThat(output.get("body")).isEqualTo(Map.of("id", 7, "ok", true));
        assertThat(((Map<?, ?>) output.get("headers")).get("x-trace")).isEqualTo("abc");
        Peer.Received sent = peer.last();
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.path()).isEqualTo("/orders");
        assertThat(sent.query()).isEqualTo("existing=1&tag=a%20b&tag=c&page=2");
        assertThat(sent.header("Idempotency-Key")).isEqualTo(Steps.RUN + ":notify");
        assertThat(sent.header("X-Custom")).isEqualTo("yes");
        assertThat(sent.header("Content-Type")).isEqualTo("application/json");
        assertThat(sent.text()).isEqualTo("{\"text\":\"hello\"}");
    }

    @Test
    void keepsTheSameIdempotencyKeyOnEveryAttempt() throws Exception {
        peer.on("/x", Reply.empty(503), Reply.empty(200));
        var first = request("step-1", config("url", peer.url("/x")));
        var second = new StepRequest(
                first.workspace(),
                first.runId(),
                first.workflowId(),
                "step-1",
                2,
                first.config(),
                first.timeout(),
                first.credentials());

        assertThat(steps.httpStep.execute(first)).isInstanceOf(StepOutcome.Failed.class);
        assertThat(steps.httpStep.execute(second)).isInstanceOf(StepOutcome.Succeeded.class);

        assertThat(peer.received())
                .extracting(r -> r.header("Idempotency-Key"))
                .containsExactly(Steps.RUN + ":step-1", Steps.RUN + ":step-1");
    }

    @Test
    void sendsTextFormAndMultipartBodies() throws Exception {
        peer.on("/in", Reply.empty(204));

        steps.httpStep.execute(request("t", config("method", "POST", "url", peer.url("/in"), "body", "plain words")));
        assertThat(peer.last().header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
        assertThat(peer.last().text()).isEqualTo("plain words");

        steps.httpStep.execute(request(
                "f",
                config(
                        "method",
                        "POST",
                        "url",
                        peer.url("/in"),
                        "bodyType",
                        "form",
                        "body",
                        Map.of("name", "Ann & Bob", "tags", List.of("x", "y")))));
        assertThat(peer.last().header("Content-Type")).isEqualTo("application/x-www-form-urlencoded");
        assertThat(peer.last().text()).contains("name=Ann+%26+Bob").contains("tags=x&tags=y");

        steps.httpStep.execute(request(
                "m",
                config(
                        "method",
                        "POST",
                        "url",
                        peer.url("/in"),
                        "bodyType",
                        "multipart",
                        "body",
                        Map.of(
                                "note",
                                "hi",
                                "file",
                                Map.of("filename", "a.txt", "contentType", "text/plain", "content", "file body")))));
        String contentType = peer.last().header("Content-Type");
        assertThat(contentType).startsWith("multipart/form-data; boundary=");
        String boundary = contentType.substring(contentType.indexOf("boundary=") + 9);
        assertThat(peer.last().text())
                .contains("--" + boundary + "\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhi\r\n")
                .contains("Content-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n"
                        + "Content-Type: text/plain\r\n\r\nfile body\r\n")
                .endsWith("--" + boundary + "--\r\n");
    }

    @Test
    void answersTextBodiesAsText() throws Exception {
        peer.on("/t", Reply.text(200, "just text"));

        var outcome = (StepOutcome.Succeeded) steps.httpStep.execute(request("s", config("url", peer.url("/t"))));

        assertThat(((Map<?, ?>) outcome.output()).get("body")).isEqualTo("just text");
    }

    @Test
    void retriesWhatMayPassLaterAndHonoursRetryAfter() throws Exception {
        peer.on("/429", Reply.json(429, "{}").with("Retry-After", "7"));
        peer.on("/503", Reply.empty(503));
        peer.on("/408", Reply.empty(408));
        peer.on("/404", Reply.json(404, "{\"error\": \"missing\"}"));
        peer.on("/401", Reply.empty(401));

        var tooMany = (StepOutcome.Failed) steps.httpStep.execute(request("s", config("url", peer.url("/429"))));
        assertThat(tooMany.retryable()).isTrue();
        assertThat(tooMany.retryAfter()).isEqualTo(Duration.ofSeconds(7));
        assertThat(tooMany.error()).contains("HTTP 429");

        assertThat(((StepOutcome.Failed) steps.httpStep.execute(request("s", config("url", peer.url("/503")))))
                        .retryable())
                .isTrue();
        assertThat(((StepOutcome.Failed) steps.httpStep.execute(request("s", config("url", peer.url("/408")))))
                        .retryable())
                .isTrue();
        var notFound = (StepOutcome.Failed) steps.httpStep.execute(request("s", config("url", peer.url("/404"))));
        assertThat(notFound.retryable()).isFalse();
        assertThat(((Map<?, ?>) notFound.output()).get("body")).isEqualTo(Map.of("error", "missing"));
        assertThat(((StepOutcome.Failed) steps.httpStep.execute(request("s", config("url", peer.url("/401")))))
                        .retryable())
                .isFalse();
    }

    @Test
    void aSlowPeerTimesOutAsRetryable() throws Exception {
        peer.on("/slow", Reply.hanging());

        var outcome = (StepOutcome.Failed)
                steps.httpStep.execute(request("s", config("url", peer.url("/slow")), Duration.ofMillis(300)));

        assertThat(outcome.retryable()).isTrue();
        assertThat(outcome.error()).isEqualTo("timed out after 300ms calling 127.0.0.1");
    }

    @Test
    void aRefusedConnectionIsRetryable() throws Exception {
        int port = peer.port();
        peer.close();

        var outcome = (StepOutcome.Failed)
                steps.httpStep.execute(request("s", config("url", "http://127.0.0.1:" + port + "/gone")));

        assertThat(outcome.retryable()).isTrue();
        assertThat(outcome.error()).contains("127.0.0.1");
    }

    @Test
    void refusesResponsesOverTheSizeLimit() throws Exception {
        Steps small = new Steps(ConnectorSettings.defaults()
                .withAllowedHosts(List.of("127.0.0.1"))
                .withMaxResponseSize(DataSize.ofBytes(100)));
        peer.on("/big", Reply.text(200, "x".repeat(101)));
        peer.on("/fits", Reply.text(200, "x".repeat(100)));

        var big = (StepOutcome.Failed) small.httpStep.execute(request("s", config("url", peer.url("/big"))));
        assertThat(big.retryable()).isFalse();
        assertThat(big.error()).contains("larger than 100 bytes");
        assertThat(small.httpStep.execute(request("s", config("url", peer.url("/fits")))))
                .isInstanceOf(StepOutcome.Succeeded.class);
    }

    @Test
    void followsRedirectsUpToTheLimit() throws Exception {
        peer.on("/a", Reply.redirect(302, "/b"));
        peer.on("/b", Reply.redirect(307, peer.url("/c")));
        peer.on("/c", Reply.text(200, "arrived"));
        peer.on("/loop", Reply.redirect(302, "/loop"));

        var arrived = (StepOutcome.Succeeded) steps.httpStep.execute(request("s", config("url", peer.url("/a"))));
        assertThat(((Map<?, ?>) arrived.output()).get("body")).isEqualTo("arrived");

        var loop = (StepOutcome.Failed) steps.httpStep.execute(request("s", config("url", peer.url("/loop"))));
        assertThat(loop.retryable()).isFalse();
        assertThat(loop.error()).startsWith("stopped after 5 redirects");
        assertThat(peer.count("/loop")).isEqualTo(6);
    }

    @Test
    void aSeeOtherRedirectTurnsAPostIntoAGetWithoutBody() throws Exception {
        peer.on("/submit", Reply.redirect(303, "/result"));
        peer.on("/result", Reply.text(200, "done"));

        steps.httpStep.execute(
                request("s", config("method", "POST", "url", peer.url("/submit"), "body", Map.of("a", 1))));

        assertThat(peer.last().method()).isEqualTo("GET");
        assertThat(peer.last().body()).isEmpty();
    }

    @Test
    void doesNotCarryCredentialsToAnotherOrigin() throws Exception {
        Steps both = new Steps(ConnectorSettings.defaults().withAllowedHosts(List.of("127.0.0.1", "localhost")));
        peer.on("/start", Reply.redirect(302, "http://localhost:" + peer.port() + "/elsewhere"));
        peer.on("/elsewhere", Reply.empty(200));
        var credentials = Steps.credentials(Map.of("api", Map.of("type", "bearer", "token", "tok-123456")));

        both.httpStep.execute(request("s", config("url", peer.url("/start"), "credential", "api"), credentials));

        assertThat(peer.received().getFirst().header("Authorization")).isEqualTo("Bearer tok-123456");
        assertThat(peer.last().path()).isEqualTo("/elsewhere");
        assertThat(peer.last().header("Authorization")).isNull();
    }

    @Test
    void authenticatesWithBasicBearerAndApiKeys() throws Exception {
        peer.on("/auth", Reply.empty(200));
        var credentials = Steps.credentials(Map.of(
                "basic", Map.of("type", "basic", "username", "ann", "password", "s3cret!"),
                "bearer", Map.of("type", "bearer", "token", "tok-abcdef"),
                "header", Map.of("type", "apiKey", "key", "k-header", "name", "X-Api-Key", "in", "header"),
                "query", Map.of("type", "apiKey", "key", "k query", "name", "api_key", "in", "query")));

        steps.httpStep.execute(request("s", config("url", peer.url("/auth"), "credential", "basic"), credentials));
        assertThat(peer.last().header("Authorization"))
                .isEqualTo("Basic " + Base64.getEncoder().encodeToString("ann:s3cret!".getBytes()));

        steps.httpStep.execute(request("s", config("url", peer.url("/auth"), "credential", "bearer"), credentials));
        assertThat(peer.last().header("Authorization")).isEqualTo("Bearer tok-abcdef");

        steps.httpStep.execute(request("s", config("url", peer.url("/auth"), "credential", "header"), credentials));
        assertThat(peer.last().header("X-Api-Key")).isEqualTo("k-header");

        steps.httpStep.execute(request("s", config("url", peer.url("/auth"), "credential", "query"), credentials));
        assertThat(peer.last().query()).isEqualTo("api_key=k%20query");
    }

    @Test
    void anUnknownCredentialFailsPermanently() throws Exception {
        var outcome = (StepOutcome.Failed) steps.httpStep.execute(
                request("s", config("url", peer.url("/x"), "credential", "nope"), Steps.credentials(Map.of())));

        assertThat(outcome.retryable()).isFalse();
        assertThat(outcome.error()).isEqualTo("credential 'nope' does not exist in this workspace");
        assertThat(peer.received()).isEmpty();
    }

    @Test
    void fetchesOAuth2TokensWithClientCredentialsAndCachesThem() throws Exception {
        peer.on(
                "/token",
                Reply.json(200, "{\"access_token\": \"at-1\", \"token_type\": \"Bearer\", \"expires_in\": 3600}"));
        peer.on("/api", Reply.empty(200));
        var credentials = Steps.credentials(Map.of(
                "oauth",
                Map.of(
                        "type", "oauth2ClientCredentials",
                        "tokenUrl", peer.url("/token"),
                        "clientId", "client",
                        "clientSecret", "secret",
                        "scope", "read write")));
        var call = request("s", config("url", peer.url("/api"), "credential", "oauth"), credentials);

        assertThat(steps.httpStep.execute(call)).isInstanceOf(StepOutcome.Succeeded.class);
        assertThat(steps.httpStep.execute(call)).isInstanceOf(StepOutcome.Succeeded.class);

        assertThat(peer.count("/token")).isEqualTo(1);
        Peer.Received tokenRequest = peer.received().getFirst();
        assertThat(tokenRequest.method()).isEqualTo("POST");
        assertThat(tokenRequest.text()).isEqualTo("grant_type=client_credentials&scope=read+write");
        assertThat(tokenRequest.header("Authorization"))
                .isEqualTo("Basic " + Base64.getEncoder().encodeToString("client:secret".getBytes()));
        assertThat(peer.received().stream().filter(r -> r.path().equals("/api")))
                .allSatisfy(r -> assertThat(r.header("Authorization")).isEqualTo("Bearer at-1"));

        steps.clock.advance(Duration.ofMinutes(60));
        steps.httpStep.execute(call);
        assertThat(peer.count("/token")).isEqualTo(2);
    }

    @Test
    void aRejectedOAuth2ClientFailsPermanently() throws Exception {
        peer.on("/token", Reply.json(401, "{\"error\": \"invalid_client\"}"));
        var credentials = Steps.credentials(Map.of(
                "oauth",
                Map.of(
                        "type",
                        "oauth2ClientCredentials",
                        "tokenUrl",
                        peer.url("/token"),
                        "clientId",
                        "client",
                        "clientSecret",
                        "wrong")));

        var outcome = (StepOutcome.Failed) steps.httpStep.execute(
                request("s", config("url", peer.url("/api"), "credential", "oauth"), credentials));

        assertThat(outcome.retryable()).isFalse();
        assertThat(outcome.error())
                .isEqualTo("OAuth2 token request answered HTTP 401: invalid_client (from 127.0.0.1)");
    }

    @Test
    void badFieldsFailPermanentlyNamingTheField() throws Exception {
        var noUrl = (StepOutcome.Failed) steps.httpStep.execute(request("s", config("method", "GET")));
        assertThat(noUrl.error()).isEqualTo("url: is required");
        var badMethod = (StepOutcome.Failed)
                steps.httpStep.execute(request("s", config("method", "BREW", "url", peer.url("/"))));
        assertThat(badMethod.error()).startsWith("method: must be one of");
        var ftp = (StepOutcome.Failed) steps.httpStep.execute(request("s", config("url", "ftp://example.com/x")));
        assertThat(ftp.retryable()).isFalse();
    }
}
