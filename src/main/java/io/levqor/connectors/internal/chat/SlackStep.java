package io.levqor.connectors.internal.chat;

import static io.levqor.connectors.internal.Schemas.*;

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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The {@code slack} step: a message through an incoming webhook, or through {@code chat.postMessage} with a bot
 * token. Slack answers API errors with HTTP 200 and {@code {"ok": false, "error": …}}, which fail the step.
 */
@Component
public class SlackStep implements StepType {

    private static final Set<String> RETRYABLE_ERRORS =
            Set.of("ratelimited", "internal_error", "fatal_error", "service_unavailable", "request_timeout");

    private final JsonPost post;
    private final ConnectorSettings settings;
    private final Clock clock;

    public SlackStep(JsonPost post, ConnectorSettings settings, Clock clock) {
        this.post = post;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "slack";
    }

    @Override
    public Map<String, Object> schema() {
        return object(props(
                "credential", credential("slack"),
                "webhookUrl", url("incoming webhook URL, when no credential holds one"),
                "channel", string("channel id or name; required with a bot token"),
                "text", string("message text (mrkdwn); the notification fallback when blocks are given"),
                "blocks", list(anyObject("a Block Kit block"), "Block Kit blocks"),
                "attachments", list(anyObject("a legacy attachment"), "legacy attachments"),
                "threadTs", string("reply in this thread"),
                "username", string("bot name override (bot token only)"),
                "iconEmoji", string("bot icon override, e.g. :robot_face: (bot token only)"),
                "unfurlLinks", bool("unfurl links in the text")));
    }

    @Override
    public StepOutcome execute(StepRequest request) throws InterruptedException {
        try {
            StepConfig config = new StepConfig(request.config());
            if (!config.has("text") && !config.has("blocks") && !config.has("attachments")) {
                throw StepFailure.permanent("text: is required (or blocks or attachments)");
            }
            String botToken = botToken(request, config);
            return botToken != null ? postMessage(request, config, botToken) : webhook(request, config);
        } catch (StepFailure failure) {
            return failure.toOutcome();
        }
    }

    private static @org.jspecify.annotations.Nullable String botToken(StepRequest request, StepConfig config) {
        String credential = config.credential();
        if (credential == null) {
            return null;
        }
        Map<String, Object> data = request.credentials().resolve(credential);
        return data.get("botToken") instanceof String token && !token.isBlank() ? token : null;
    }

    private StepOutcome postMessage(StepRequest request, StepConfig config, String botToken)
            throws InterruptedException {
        Map<String, Object> body = message(config);
        body.put("channel", config.string("channel"));
        putIfPresent(body, "username", config.get("username"));
        putIfPresent(body, "icon_emoji", config.get("iconEmoji"));
        URI uri = JsonPost.join(settings.services().slackBaseUrl(), "chat.postMessage");
        OutboundResponse response =
                post.send("slack", uri, body, request, Map.of("Authorization", "Bearer " + botToken));
        if (!response.successful()) {
            return HttpFailures.failed("Slack", response, response.parsedBody(), clock);
        }
        Object json = response.jsonOrNull();
        if (!Boolean.TRUE.equals(JsonPost.field(json, "ok"))) {
            String error = String.valueOf(JsonPost.field(json, "error"));
            return new StepOutcome.Failed(
                    "Slack refused the message: " + error,
                    RETRYABLE_ERRORS.contains(error),
                    HttpFailures.retryAfter(response, clock),
                    json);
        }
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("ok", true);
        output.put("channel", JsonPost.field(json, "channel"));
        output.put("ts", JsonPost.field(json, "ts"));
        return StepOutcome.succeeded(output);
    }

    private StepOutcome webhook(StepRequest request, StepConfig config) throws InterruptedException {
        URI uri = JsonPost.webhookUrl(request, config, "slack");
        Map<String, Object> body = message(config);
        putIfPresent(body, "channel", config.get("channel"));
        OutboundResponse response = post.send("slack", uri, body, request, Map.of());
        if (!response.successful()) {
            // Incoming webhooks answer errors as plain text: invalid_payload, no_service, channel_is_archived…
            return new StepOutcome.Failed(
                    "Slack answered HTTP " + response.status() + ": " + abbreviate(response.text()),
                    HttpFailures.retryable(response.status()),
                    HttpFailures.retryable(response.status()) ? HttpFailures.retryAfter(response, clock) : null,
                    response.parsedBody());
        }
        return StepOutcome.succeeded(Map.of("ok", true));
    }

    private static Map<String, Object> message(StepConfig config) {
        Map<String, Object> body = new LinkedHashMap<>();
        putIfPresent(body, "text", config.get("text"));
        putIfPresent(body, "blocks", config.get("blocks"));
        putIfPresent(body, "attachments", config.get("attachments"));
        putIfPresent(body, "thread_ts", config.get("threadTs"));
        putIfPresent(body, "unfurl_links", config.get("unfurlLinks"));
        return body;
    }

    static void putIfPresent(Map<String, Object> body, String name, Object value) {
        if (value != null) {
            body.put(name, value);
        }
    }

    static String abbreviate(String text) {
        String trimmed = text.strip();
        return trimmed.length() <= 200 ? trimmed : trimmed.substring(0, 200) + "…";
    }
}
