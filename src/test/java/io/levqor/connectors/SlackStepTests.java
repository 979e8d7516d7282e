package io.levqor.connectors;

import static io.levqor.connectors.Steps.config;
import static io.levqor.connectors.Steps.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.connectors.Peer.Reply;
import io.levqor.connectors.internal.ConnectorSettings;
import io.levqor.connectors.internal.Json;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SlackStepTests {

    final Peer slack = new Peer();
    final Steps steps = new Steps(ConnectorSettings.defaults()
            .withAllowedHosts(List.of("127.0.0.1"))
            .withServices(new ConnectorSettings.Services(
                    URI.create(slack.url("/api")),
                    URI.create("https://api.telegram.org"),
                    URI.create("https://api.openai.com"))));
    final CredentialResolver credentials = Steps.credentials(Map.of(
            "bot", Map.of("type", "slack", "botToken", "xoxb-1-secret"),
            "hook", Map.of("type", "slack", "webhookUrl", slack.url("/services/T1/B2/xyz"))));

    @AfterEach
    void stop() {
        slack.close();
    }

    @Test
    void postsThroughChatPostMessageWithTheBotToken() throws Exception {
        slack.on("/api/chat.postMessage", Reply.json(200, "{\"ok\": true, \"channel\": \"C1\", \"ts\": \"1700.01\"}"));

        var outcome = (StepOutcome.Succeeded) steps.slack.execute(request(
                "tell",
                config("credential", "bot", "channel", "#ops", "text", "deploy done", "threadTs", "1699.5"),
                credentials));

        assertThat(outcome.output()).isEqualTo(Map.of("ok", true, "channel", "C1", "ts", "1700.01"));
        Peer.Received sent = slack.last();
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.path()).isEqualTo("/api/chat.postMessage");
        assertThat(sent.header("Authorization")).isEqualTo("Bearer xoxb-1-secret");
        assertThat(sent.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
        assertThat(sent.header("Idempotency-Key")).isEqualTo(Steps.RUN + ":tell");
        assertThat(Json.read(sent.body()))
                .isEqualTo(Map.of("text", "deploy done", "thread_ts", "1699.5", "channel", "#ops"));
    }

    @Test
    void anOkFalseBodyIsAFailure() throws Exception {
        slack.on(
                "/api/chat.postMessage",
                Reply.json(200, "{\"ok\": false, \"error\": \"channel_not_found\"}"),
                Reply.json(200, "{\"ok\": false, \"error\": \"invalid_auth\"}"),
                Reply.json(200, "{\"ok\": false, \"error\": \"internal_error\"}"));
        var call = request("s", config("credential", "bot", "channel", "C9", "text", "x"), credentials);

        var notFound = (StepOutcome.Failed) steps.slack.execute(call);
        var badAuth = (StepOutcome.Failed) steps.slack.execute(call);
        var internal = (StepOutcome.Failed) steps.slack.execute(call);

        assertThat(notFound.error()).isEqualTo("Slack refused the message: channel_not_found");
        assertThat(notFound.retryable()).isFalse();
        assertThat(badAuth.error()).isEqualTo("Slack refused the message: invalid_auth");
        assertThat(badAuth.retryable()).isFalse();
        assertThat(internal.retryable()).isTrue();
    }

    @Test
    void aRateLimitIsRetriedAfterWhatSlackSays() throws Exception {
        slack.on(
                "/api/chat.postMessage",
                Reply.json(429, "{\"ok\": false, \"error\": \"ratelimited\"}").with("Retry-After", "30"));

        var outcome = (StepOutcome.Failed) steps.slack.execute(
                request("s", config("credential", "bot", "channel", "C9", "text", "x"), credentials));

        assertThat(outcome.retryable()).isTrue();
        assertThat(outcome.retryAfter()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void postsToAnIncomingWebhook() throws Exception {
        slack.on("/services/T1/B2/xyz", Reply.text(200, "ok"));
        List<Map<String, Object>> blocks =
                List.of(Map.of("type", "section", "text", Map.of("type", "mrkdwn", "text", "*hi*")));

        var outcome = steps.slack.execute(
                request("hook-step", config("credential", "hook", "text", "fallback", "blocks", blocks), credentials));

        assertThat(outcome).isEqualTo(new StepOutcome.Succeeded(Map.of("ok", true), Map.of()));
        assertThat(slack.last().path()).isEqualTo("/services/T1/B2/xyz");
        assertThat(slack.last().header("Idempotency-Key")).isEqualTo(Steps.RUN + ":hook-step");
        assertThat(Json.read(slack.last().body())).isEqualTo(Map.of("text", "fallback", "blocks", blocks));
    }

    @Test
    void webhookErrorsAreTextAndMostlyPermanent() throws Exception {
        slack.on(
                "/services/T1/B2/xyz",
                Reply.text(403, "invalid_token"),
                Reply.text(404, "no_service"),
                Reply.text(500, "internal"));
        var call = request("s", config("credential", "hook", "text", "x"), credentials);

        var forbidden = (StepOutcome.Failed) steps.slack.execute(call);
        var gone = (StepOutcome.Failed) steps.slack.execute(call);
        var broken = (StepOutcome.Failed) steps.slack.execute(call);

        assertThat(forbidden.error()).isEqualTo("Slack answered HTTP 403: invalid_token");
        assertThat(forbidden.retryable()).isFalse();
        assertThat(gone.retryable()).isFalse();
        assertThat(broken.retryable()).isTrue();
    }

    @Test
    void needsSomethingToSay() throws Exception {
        var outcome = (StepOutcome.Failed) steps.slack.execute(request("s", config("credential", "hook"), credentials));

        assertThat(outcome.error()).isEqualTo("text: is required (or blocks or attachments)");
        assertThat(slack.received()).isEmpty();
    }
}
