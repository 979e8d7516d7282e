package io.levqor.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.connectors.ChatMessages.Destination;
import io.levqor.connectors.Peer.Reply;
import io.levqor.connectors.internal.ConnectorSettings;
import io.levqor.connectors.internal.Json;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ChatMessagesTests {

    final Peer peer = new Peer();
    final Steps steps = new Steps(ConnectorSettings.defaults()
            .withAllowedHosts(List.of("127.0.0.1"))
            .withServices(new ConnectorSettings.Services(
                    URI.create("https://slack.com/api"),
                    URI.create(peer.url("/telegram")),
                    URI.create("https://api.openai.com"))));
    final ChatMessages messages = new ChatMessages(List.of(steps.slack, steps.discord, steps.teams, steps.telegram));

    @AfterEach
    void stop() {
        peer.close();
    }

    @Test
    void eachServiceGetsTheMessageInItsOwnProtocolWithTheIdempotencyKey() throws Exception {
        peer.on("/slack", Reply.text(200, "ok"))
                .on("/discord", Reply.json(200, "{\"id\": \"1\", \"channel_id\": \"2\"}"))
                .on("/teams", Reply.text(200, "1"))
                .on(
                        "/telegram/bot123:abc/sendMessage",
                        Reply.json(200, "{\"ok\": true, \"result\": {\"message_id\": 7, \"chat\": {\"id\": -5}}}"));

        var slack = messages.send(new Destination("slack", peer.url("/slack"), null, null), "Title", "body", "k1");
        var discord =
                messages.send(new Destination("discord", peer.url("/discord"), null, null), "Title", "body", "k2");
        var teams = messages.send(new Destination("teams", peer.url("/teams"), null, null), "Title", "body", "k3");
        var telegram = messages.send(new Destination("telegram", null, "123:abc", "-5"), "Title", "body", "k4");

        assertThat(List.of(slack, discord, teams, telegram)).allMatch(o -> o instanceof StepOutcome.Succeeded);
        List<Peer.Received> sent = peer.received();
        assertThat(Json.read(sent.get(0).body())).isEqualTo(Map.of("text", "*Title*\nbody"));
        assertThat(sent.get(0).header("Idempotency-Key")).endsWith(":k1");
        assertThat(sent.get(1).path()).isEqualTo("/discord");
        assertThat(sent.get(1).query()).isEqualTo("wait=true");
        assertThat(Json.read(sent.get(1).body())).isEqualTo(Map.of("content", "**Title**\nbody"));
        assertThat(sent.get(2).text()).contains("AdaptiveCard").contains("\"Title\"");
        assertThat(Json.read(sent.get(3).body())).isEqualTo(Map.of("chat_id", "-5", "text", "Title\nbody"));
    }

    @Test
    void aRefusalIsAFailedOutcomeThatDoesNotShowTheUrl() throws Exception {
        peer.on("/slack/secret-token", Reply.text(404, "no_service"));

        var outcome = (StepOutcome.Failed)
                messages.send(new Destination("slack", peer.url("/slack/secret-token"), null, null), "T", "b", "k");
        var unknown = (StepOutcome.Failed) messages.send(new Destination("irc", null, null, null), "T", "b", "k");

        assertThat(outcome.error())
                .isEqualTo("Slack answered HTTP 404: no_service")
                .doesNotContain("secret-token");
        assertThat(unknown.error()).contains("irc");
    }
}
