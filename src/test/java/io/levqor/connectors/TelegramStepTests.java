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

class TelegramStepTests {

    static final String TOKEN = "123456:ABC-secret";
    static final String PATH = "/bot" + TOKEN + "/sendMessage";

    final Peer telegram = new Peer();
    final Steps steps = new Steps(ConnectorSettings.defaults()
            .withAllowedHosts(List.of("127.0.0.1"))
            .withServices(new ConnectorSettings.Services(
                    URI.create("https://slack.com/api"),
                    URI.create(telegram.url()),
                    URI.create("https://api.openai.com"))));
    final CredentialResolver credentials =
            Steps.credentials(Map.of("bot", Map.of("type", "telegram", "botToken", TOKEN)));

    @AfterEach
    void stop() {
        telegram.close();
    }

    @Test
    void sendsAMessageWithParseMode() throws Exception {
        telegram.on(
                PATH,
                Reply.json(
                        200,
                        "{\"ok\": true, \"result\": {\"message_id\": 42, \"chat\": {\"id\": -100}, \"date\": 1700000000}}"));

        var outcome = (StepOutcome.Succeeded) steps.telegram.execute(request(
                "tg",
                config(
                        "credential",
                        "bot",
                        "chatId",
                        -100,
                        "text",
                        "*bold*",
                        "parseMode",
                        "MarkdownV2",
                        "disableNotification",
                        true),
                credentials));

        assertThat(outcome.output()).isEqualTo(Map.of("messageId", 42, "chatId", -100, "date", 1700000000));
        Peer.Received sent = telegram.last();
        assertThat(sent.path()).isEqualTo(PATH);
        assertThat(sent.header("Idempotency-Key")).isEqualTo(Steps.RUN + ":tg");
        assertThat(Json.read(sent.body()))
                .isEqualTo(Map.of(
                        "chat_id", -100, "text", "*bold*", "parse_mode", "MarkdownV2", "disable_notification", true));
    }

    @Test
    void honoursRetryAfterInTheErrorParameters() throws Exception {
        telegram.on(
                PATH,
                Reply.json(
                        429,
                        "{\"ok\": false, \"error_code\": 429, "
                                + "\"description\": \"Too Many Requests: retry after 5\", \"parameters\": {\"retry_after\": 5}}"));

        var outcome = (StepOutcome.Failed) steps.telegram.execute(
                request("s", config("credential", "bot", "chatId", "1", "text", "x"), credentials));

        assertThat(outcome.retryable()).isTrue();
        assertThat(outcome.retryAfter()).isEqualTo(Duration.ofSeconds(5));
        assertThat(outcome.error()).isEqualTo("Telegram answered 429: Too Many Requests: retry after 5");
    }

    @Test
    void aBadTokenOrChatIsPermanentAndNeverShowsTheToken() throws Exception {
        telegram.on(
                PATH,
                Reply.json(401, "{\"ok\": false, \"error_code\": 401, \"description\": \"Unauthorized\"}"),
                Reply.json(
                        400, "{\"ok\": false, \"error_code\": 400, \"description\": \"Bad Request: chat not found\"}"),
                Reply.json(502, "{\"ok\": false, \"error_code\": 502, \"description\": \"Bad Gateway\"}"));
        var call = request("s", config("credential", "bot", "chatId", "1", "text", "x"), credentials);

        var unauthorized = (StepOutcome.Failed) steps.telegram.execute(call);
        var noChat = (StepOutcome.Failed) steps.telegram.execute(call);
        var gateway = (StepOutcome.Failed) steps.telegram.execute(call);

        assertThat(unauthorized.retryable()).isFalse();
        assertThat(noChat.error()).isEqualTo("Telegram answered 400: Bad Request: chat not found");
        assertThat(noChat.retryable()).isFalse();
        assertThat(gateway.retryable()).isTrue();
        assertThat(List.of(unauthorized.error(), noChat.error(), gateway.error()))
                .noneMatch(e -> e.contains(TOKEN));
    }
}
