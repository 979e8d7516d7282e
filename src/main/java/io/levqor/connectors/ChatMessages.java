package io.levqor.connectors;

import io.levqor.shared.WorkspaceId;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * Sends one chat message from platform code (alerts) through the very senders the {@code slack}, {@code discord},
 * {@code teams} and {@code telegram} steps use, so the protocols, the SSRF guard and the circuit breakers are
 * the steps' own.
 */
@Service
public class ChatMessages {

    /** The chat services a message can go to. */
    public static final List<String> SERVICES = List.of("slack", "discord", "teams", "telegram");

    private static final UUID PLATFORM = new UUID(0, 0);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /**
     * Where a message goes.
     *
     * @param service one of {@link #SERVICES}
     * @param webhookUrl the incoming webhook (Slack, Discord, Teams)
     * @param botToken Telegram's bot token
     * @param chatId Telegram's chat id or {@code @channel}
     */
    public record Destination(
            String service,
            @Nullable String webhookUrl,
            @Nullable String botToken,
            @Nullable String chatId) {}

    private final Map<String, StepType> steps = new LinkedHashMap<>();

    ChatMessages(List<StepType> stepTypes) {
        for (StepType step : stepTypes) {
            if (SERVICES.contains(step.name())) {
                steps.put(step.name(), step);
            }
        }
    }

    /**
     * Sends {@code title} and {@code text}; answers the step's outcome (a failure says why, never the URL).
     *
     * @param idempotencyKey sent as the {@code Idempotency-Key} header, so a peer can drop a repeated call
     */
    public StepOutcome send(Destination to, String title, String text, String idempotencyKey)
            throws InterruptedException {
        StepType step = steps.get(to.service());
        if (step == null) {
            return new StepOutcome.Failed("no chat service named " + to.service(), false, null, null);
        }
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("credential", "destination");
        switch (to.service()) {
            case "slack" -> config.put("text", "*" + title + "*\n" + text);
            case "discord" -> config.put("content", limit("**" + title + "**\n" + text, 2000));
            case "teams" -> {
                config.put("title", title);
                config.put("text", text);
            }
            default -> {
                config.put("chatId", to.chatId() == null ? "" : to.chatId());
                config.put("text", limit(title + "\n" + text, 4096));
            }
        }
        Map<String, Object> credential = new LinkedHashMap<>();
        if (to.webhookUrl() != null) {
            credential.put("webhookUrl", to.webhookUrl());
        }
        if (to.botToken() != null) {
            credential.put("botToken", to.botToken());
        }
        // The step's idempotency key is <run id>:<step id>; the platform has no run, so the key is the step id.
        StepRequest request = new StepRequest(
                new WorkspaceId(PLATFORM),
                PLATFORM,
                PLATFORM,
                idempotencyKey,
                1,
                config,
                TIMEOUT,
                name -> Map.copyOf(credential));
        return step.execute(request);
    }

    private static String limit(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
