package io.levqor.connectors.internal.chat;

import static io.levqor.connectors.internal.Schemas.*;
import static io.levqor.connectors.internal.chat.SlackStep.abbreviate;
import static io.levqor.connectors.internal.chat.SlackStep.putIfPresent;

import io.levqor.connectors.StepFailure;
import io.levqor.connectors.StepOutcome;
import io.levqor.connectors.StepRequest;
import io.levqor.connectors.StepType;
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
 * The {@code discord} step: executes a webhook ({@code ?wait=true}, so Discord answers with the message). A 429 says
 * {@code retry_after} in seconds in its JSON body, which the retry honours.
 */
@Component
public class DiscordStep implements StepType {

    private final JsonPost post;
    private final Clock clock;

    public DiscordStep(JsonPost post, Clock clock) {
        this.post = post;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "discord";
    }

    @Override
    public Map<String, Object> schema() {
        return object(props(
                "credential", credential("discord"),
                "webhookUrl", url("webhook URL, when no credential holds one"),
                "content", string("message text (up to 2000 characters)"),
                "embeds",
                        list(anyObject("a Discord embed: title, description, url, color, fields…"), "up to 10 embeds"),
                "username", string("overrides the webhook's name"),
                "avatarUrl", url("overrides the webhook's avatar"),
                "tts", bool("text-to-speech"),
                "allowedMentions", anyObject("Discord allowed_mentions object"),
                "threadId", string("post into this thread of a forum or text channel")));
    }

    @Override
    public StepOutcome execute(StepRequest request) throws InterruptedException {
        try {
            StepConfig config = new StepConfig(request.config());
            if (!config.has("content") && config.list("embeds").isEmpty()) {
                throw StepFailure.permanent("content: is required (or embeds)");
            }
            URI webhook = JsonPost.webhookUrl(request, config, "discord");
            String query = "wait=true";
            String thread = config.optionalString("threadId");
            if (thread != null) {
                query += "&thread_id=" + java.net.URLEncoder.encode(thread, java.nio.charset.StandardCharsets.UTF_8);
            }
            URI uri = URI.create(webhook + (webhook.getRawQuery() == null ? "?" : "&") + query);
            Map<String, Object> body = new LinkedHashMap<>();
            putIfPresent(body, "content", config.get("content"));
            putIfPresent(body, "embeds", config.get("embeds"));
            putIfPresent(body, "username", config.get("username"));
            putIfPresent(body, "avatar_url", config.get("avatarUrl"));
            putIfPresent(body, "tts", config.get("tts"));
            putIfPresent(body, "allowed_mentions", config.get("allowedMentions"));
            OutboundResponse response = post.send("discord", uri, body, request, Map.of());
            return outcome(response);
        } catch (StepFailure failure) {
            return failure.toOutcome();
        }
    }

    private StepOutcome outcome(OutboundResponse response) {
        Object json = response.jsonOrNull();
        if (response.successful()) {
            Map<String, Object> output = new LinkedHashMap<>();
            output.put("id", JsonPost.field(json, "id"));
            output.put("channelId", JsonPost.field(json, "channel_id"));
            return StepOutcome.succeeded(output);
        }
        int status = response.status();
        Object message = JsonPost.field(json, "message");
        String detail = message != null ? message.toString() : abbreviate(response.text());
        Duration retryAfter = null;
        if (status == 429) {
            retryAfter = HttpFailures.seconds(JsonPost.field(json, "retry_after"));
        }
        if (retryAfter == null && HttpFailures.retryable(status)) {
            retryAfter = HttpFailures.retryAfter(response, clock);
        }
        return new StepOutcome.Failed(
                "Discord answered HTTP " + status + ": " + detail, HttpFailures.retryable(status), retryAfter, json);
    }
}
