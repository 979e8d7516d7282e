package io.levqor.connectors;

import static io.levqor.connectors.Steps.config;
import static io.levqor.connectors.Steps.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.connectors.Peer.Reply;
import io.levqor.connectors.internal.Json;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TeamsStepTests {

    static final String FLOW = "/workflows/abc/triggers/manual/paths/invoke";

    final Peer teams = new Peer();
    final Steps steps = Steps.allowingLoopback();
    final CredentialResolver credentials =
            Steps.credentials(Map.of("teams", Map.of("type", "teams", "webhookUrl", teams.url(FLOW))));

    @AfterEach
    void stop() {
        teams.close();
    }

    @Test
    void postsAnAdaptiveCard() throws Exception {
        teams.on(FLOW, Reply.empty(202));

        var outcome = steps.teams.execute(
                request("card", config("credential", "teams", "title", "Deploy", "text", "v1.2 is live"), credentials));

        assertThat(outcome).isEqualTo(new StepOutcome.Succeeded(Map.of("status", 202), Map.of()));
        Peer.Received sent = teams.last();
        assertThat(sent.header("Idempotency-Key")).isEqualTo(Steps.RUN + ":card");
        Map<?, ?> body = (Map<?, ?>) Json.read(sent.body());
        assertThat(body.get("type")).isEqualTo("message");
        Map<?, ?> attachment = (Map<?, ?>) ((List<?>) body.get("attachments")).getFirst();
        assertThat(attachment.get("contentType")).isEqualTo("application/vnd.microsoft.card.adaptive");
        Map<?, ?> card = (Map<?, ?>) attachment.get("content");
        assertThat(card.get("type")).isEqualTo("AdaptiveCard");
        assertThat(card.get("version")).isEqualTo("1.4");
        assertThat(((List<?>) card.get("body"))
                        .stream()
                                .map(block -> (Object) ((Map<?, ?>) block).get("text"))
                                .toList())
                .containsExactly((Object) "Deploy", "v1.2 is live");
    }

    @Test
    void sendsAGivenCardAsItIs() throws Exception {
        teams.on(FLOW, Reply.text(200, "1"));
        Map<String, Object> card = Map.of(
                "type",
                "AdaptiveCard",
                "version",
                "1.5",
                "body",
                List.of(Map.of("type", "TextBlock", "text", "custom")));

        steps.teams.execute(request("s", config("credential", "teams", "card", card), credentials));

        Map<?, ?> body = (Map<?, ?>) Json.read(teams.last().body());
        assertThat(((Map<?, ?>) ((List<?>) body.get("attachments")).getFirst()).get("content"))
                .isEqualTo(card);
    }

    @Test
    void aThrottledLegacyConnectorIsRetried() throws Exception {
        teams.on(
                FLOW,
                Reply.text(200, "Microsoft Teams endpoint returned HTTP error 429 with ContextId tcid=0"),
                Reply.text(429, "Too many requests").with("Retry-After", "4"));
        var call = request("s", config("credential", "teams", "text", "x"), credentials);

        var legacy = (StepOutcome.Failed) steps.teams.execute(call);
        var limited = (StepOutcome.Failed) steps.teams.execute(call);

        assertThat(legacy.retryable()).isTrue();
        assertThat(legacy.error()).startsWith("Teams answered HTTP 429");
        assertThat(limited.retryable()).isTrue();
        assertThat(limited.retryAfter()).isEqualTo(Duration.ofSeconds(4));
    }

    @Test
    void aBadRequestIsPermanentAndAServerErrorIsNot() throws Exception {
        teams.on(FLOW, Reply.text(400, "Bad payload"), Reply.text(503, "down"));
        var call = request("s", config("credential", "teams", "text", "x"), credentials);

        assertThat(((StepOutcome.Failed) steps.teams.execute(call)).retryable()).isFalse();
        assertThat(((StepOutcome.Failed) steps.teams.execute(call)).retryable()).isTrue();
    }
}
