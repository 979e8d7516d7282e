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

class DiscordStepTests {

    static final String HOOK = "/api/webhooks/123/tok-en";

    final Peer discord = new Peer();
    final Steps steps = Steps.allowingLoopback();
    final CredentialResolver credentials =
            Steps.credentials(Map.of("discord", Map.of("type", "discord", "webhookUrl", discord.url(HOOK))));

    @AfterEach
    void stop() {
        discord.close();
    }

    @Test
    void executesTheWebhookWithEmbedsAndWaitsForTheMessage() throws Exception {
        discord.on(HOOK, Reply.json(200, "{\"id\": \"111\", \"channel_id\": \"222\", \"content\": \"hi\"}"));
        List<Map<String, Object>> embeds = List.of(Map.of("title", "Build", "description", "green", "color", 65280));

        var outcome = (StepOutcome.Succeeded) steps.discord.execute(request(
                "post",
                config("credential", "discord", "content", "hi", "username", "Levqor", "embeds", embeds),
                credentials));

        assertThat(outcome.output()).isEqualTo(Map.of("id", "111", "channelId", "222"));
        Peer.Received sent = discord.last();
        assertThat(sent.path()).isEqualTo(HOOK);
        assertThat(sent.query()).isEqualTo("wait=true");
        assertThat(sent.header("Idempotency-Key")).isEqualTo(Steps.RUN + ":post");
        assertThat(Json.read(sent.body())).isEqualTo(Map.of("content", "hi", "embeds", embeds, "username", "Levqor"));
    }

    @Test
    void honoursRetryAfterFromTheRateLimitBody() throws Exception {
        discord.on(
                HOOK,
                Reply.json(
                                429,
                                "{\"message\": \"You are being rate limited.\", \"retry_after\": 1.5, \"global\": false}")
                        .with("Retry-After", "2"));

        var outcome = (StepOutcome.Failed)
                steps.discord.execute(request("s", config("credential", "discord", "content", "x"), credentials));

        assertThat(outcome.retryable()).isTrue();
        assertThat(outcome.retryAfter()).isEqualTo(Duration.ofMillis(1500));
        assertThat(outcome.error()).isEqualTo("Discord answered HTTP 429: You are being rate limited.");
    }

    @Test
    void aBadTokenIsPermanentAndAServerErrorIsNot() throws Exception {
        discord.on(
                HOOK,
                Reply.json(401, "{\"message\": \"Invalid Webhook Token\", \"code\": 50027}"),
                Reply.json(502, "{\"message\": \"Bad Gateway\"}"));
        var call = request("s", config("credential", "discord", "content", "x"), credentials);

        var unauthorized = (StepOutcome.Failed) steps.discord.execute(call);
        var badGateway = (StepOutcome.Failed) steps.discord.execute(call);

        assertThat(unauthorized.error()).isEqualTo("Discord answered HTTP 401: Invalid Webhook Token");
        assertThat(unauthorized.retryable()).isFalse();
        assertThat(badGateway.retryable()).isTrue();
    }

    @Test
    void takesTheWebhookUrlFromTheStepWhenThereIsNoCredential() throws Exception {
        discord.on(HOOK, Reply.empty(204));

        var outcome = steps.discord.execute(request("s", config("webhookUrl", discord.url(HOOK), "content", "x")));

        assertThat(outcome).isInstanceOf(StepOutcome.Succeeded.class);
    }
}
