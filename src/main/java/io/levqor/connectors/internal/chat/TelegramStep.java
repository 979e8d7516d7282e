package io.levqor.connectors.internal.chat;

import static io.levqor.connectors.internal.Schemas.*;
import static io.levqor.connectors.internal.chat.SlackStep.putIfPresent;

import io.levqor.connectors.StepFailure;
import io.levqor.connectors.StepOutcome;
import io.levqor.connectors.StepRequest;
import io.levqor.connectors.StepType;
import io.levqor.connectors.internal.ConnectorSettings;
import io.levqor.connectors.internal.HttpFailures;
import io.levqor.connectors.internal.JsonPost;
import io.levqor.connectors.internal.OutboundResponse;
import io.levqor.connectors.internal.StepConfig;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The {@code telegram} step: Bot API {@code sendMessage}. Errors come as {@code {"ok": false, "error_code",
 * "description", "parameters": {"retry_after"}}}; the bot token is in the URL path, so messages never show the URL.
 */
@Component
public class TelegramStep implements StepType {

    private final JsonPost post;
    private final ConnectorSettings settings;
    private final Clock clock;

    public TelegramStep(JsonPost post, ConnectorSettings settings, Clock clock) {
        this.post = post;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "telegram";
    }

    @Override
    public Map<String, Object> schema() {
        return object(
                props(
                        "credential", credential("telegram"),
                        "chatId",
                                Map.of(
                                        "type",
                                        java.util.List.of("string", "integer"),
                                        "description",
                                        "chat id or @channelusername"),
                        "text", string("message text, 1-4096 characters after entity parsing"),
                        "parseMode", oneOf("how to parse entities in text", "MarkdownV2", "HTML", "Markdown"),
                        "disableNotification", bool("send silently"),
                        "disableLinkPreview", bool("no link preview"),
                        "replyToMessageId", integer("reply to this message")),
                "chatId",
                "text");
    }

    @Override
    public StepOutcome execute(StepRequest request) throws InterruptedException {
        try {
            StepConfig config = new StepConfig(request.config());
            String credential = config.credential();
            if (credential == null) {
                throw StepFailure.permanent("credential: a telegram credential (bot token) is required");
            }
            Object token = request.credentials().resolve(credential).get("botToken");
            if (!(token instanceof String botToken) || botToken.isBlank()) {
                throw StepFailure.permanent("credential '" + credential + "' has no botToken");
            }
            Map<String, Object> body = new LinkedHashMap<>();
            Object chatId = config.get("chatId");
            if (chatId == null) {
                throw StepFailure.permanent("chatId: is required");
            }
            body.put("chat_id", chatId);
            body.put("text", config.string("text"));
            putIfPresent(body, "parse_mode", config.optionalString("parseMode"));
            putIfPresent(body, "disable_notification", config.get("disableNotification"));
            if (config.bool("disableLinkPreview", false)) {
                body.put("link_preview_options", Map.of("is_disabled", true));
            }
            if (config.number("replyToMessageId") instanceof Number replyTo) {
                body.put("reply_parameters", Map.of("message_id", replyTo.longValue()));
            }
            URI uri = JsonPost.join(settings.services().telegramBaseUrl(), "bot" + botToken + "/sendMessage");
            OutboundResponse response = post.send("telegram", uri, body, request, Map.of());
            return outcome(response);
        } catch (StepFailure failure) {
            return failure.toOutcome();
        }
    }

    private StepOutcome outcome(OutboundResponse response) {
        Object json = response.jsonOrNull();
        if (response.successful() && Boolean.TRUE.equals(JsonPost.field(json, "ok"))) {
            Object result = JsonPost.field(json, "result");
            Map<String, Object> output = new LinkedHashMap<>();
            output.put("messageId", JsonPost.field(result, "message_id"));
            output.put("chatId", JsonPost.field(JsonPost.field(result, "chat"), "id"));
            output.put("date", JsonPost.field(result, "date"));
            return StepOutcome.succeeded(output);
        }
        Object code = JsonPost.field(json, "error_code");
        int status = code instanceof Number number ? number.intValue() : response.status();
        Object description = JsonPost.field(json, "description");
        Duration retryAfter = HttpFailures.seconds(JsonPost.field(JsonPost.field(json, "parameters"), "retry_after"));
        if (retryAfter == null && HttpFailures.retryable(status)) {
            retryAfter = HttpFailures.retryAfter(response, clock);
        }
        return new StepOutcome.Failed(
                "Telegram answered " + status + ": " + (description == null ? "no description" : description),
                HttpFailures.retryable(status),
                retryAfter,
                json);
    }
}
