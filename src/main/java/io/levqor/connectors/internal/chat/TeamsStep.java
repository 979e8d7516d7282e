package io.levqor.connectors.internal.chat;

import static io.levqor.connectors.internal.Schemas.*;
import static io.levqor.connectors.internal.chat.SlackStep.abbreviate;

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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The {@code teams} step: an Adaptive Card posted to a Teams incoming webhook or a Power Automate "Workflows" URL.
 * Legacy connectors may answer HTTP 200 with a text saying the call was throttled; that counts as a 429.
 */
@Component
public class TeamsStep implements StepType {

    private final JsonPost post;
    private final Clock clock;

    public TeamsStep(JsonPost post, Clock clock) {
        this.post = post;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "teams";
    }

    @Override
    public Map<String, Object> schema() {
        return object(props(
                "credential", credential("teams"),
                "webhookUrl", url("incoming webhook or Workflows URL, when no credential holds one"),
                "title", string("a bold first line"),
                "text", string("message text (Adaptive Card markdown)"),
                "card", anyObject("a whole Adaptive Card (type AdaptiveCard); replaces title and text")));
    }

    @Override
    public StepOutcome execute(StepRequest request) throws InterruptedException {
        try {
            StepConfig config = new StepConfig(request.config());
            Map<String, Object> card = config.has("card") ? config.map("card") : card(config);
            URI uri = JsonPost.webhookUrl(request, config, "teams");
            Map<String, Object> attachment = new LinkedHashMap<>();
            attachment.put("contentType", "application/vnd.microsoft.card.adaptive");
            attachment.put("contentUrl", null);
            attachment.put("content", card);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("type", "message");
            body.put("attachments", List.of(attachment));
            OutboundResponse response = post.send("teams", uri, body, request, Map.of());
            String text = response.text();
            if (response.successful() && !text.contains("HTTP error 429")) {
                return StepOutcome.succeeded(Map.of("status", response.status()));
            }
            boolean throttled = response.successful();
            return new StepOutcome.Failed(
                    "Teams answered HTTP " + (throttled ? 429 : response.status()) + ": " + abbreviate(text),
                    throttled || HttpFailures.retryable(response.status()),
                    HttpFailures.retryAfter(response, clock),
                    response.parsedBody());
        } catch (StepFailure failure) {
            return failure.toOutcome();
        }
    }

    private static Map<String, Object> card(StepConfig config) {
        String title = config.optionalString("title");
        String text = config.optionalString("text");
        if (title == null && text == null) {
            throw StepFailure.permanent("text: is required (or title or card)");
        }
        List<Object> blocks = new ArrayList<>();
        if (title != null) {
            blocks.add(Map.of("type", "TextBlock", "text", title, "weight", "Bolder", "size", "Medium", "wrap", true));
        }
        if (text != null) {
            blocks.add(Map.of("type", "TextBlock", "text", text, "wrap", true));
        }
        Map<String, Object> card = new LinkedHashMap<>();
        card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
        card.put("type", "AdaptiveCard");
        card.put("version", "1.4");
        card.put("body", blocks);
        return card;
    }
}
