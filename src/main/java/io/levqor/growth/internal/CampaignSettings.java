package io.levqor.growth.internal;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Campaign sending, bound to {@code levqor.growth.campaigns.*}.
 *
 * @param window the throttle's window
 * @param perWindow the most messages sent per channel ({@code email}, {@code sms}, {@code whatsapp}, {@code push})
 *     in one window, across all nodes
 * @param batch how many recipients one claim takes (and how many provider calls run at once)
 * @param lease how long a claimed recipient may stay in {@code sending} before its sender is taken for dead
 * @param maxAttempts provider calls per recipient before a retryable failure is final
 * @param retryDelay the wait before a retryable failure is tried again
 * @param tick how often each node looks for due campaigns and sends
 */
@ConfigurationProperties("levqor.growth.campaigns")
public record CampaignSettings(
        @DefaultValue("1s") Duration window,
        @Nullable Map<String, Integer> perWindow,
        @DefaultValue("25") int batch,
        @DefaultValue("5m") Duration lease,
        @DefaultValue("5") int maxAttempts,
        @DefaultValue("1m") Duration retryDelay,
        @DefaultValue("1s") Duration tick) {

    public CampaignSettings {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("levqor.growth.campaigns.window must be positive");
        }
        if (batch < 1 || maxAttempts < 1) {
            throw new IllegalArgumentException("levqor.growth.campaigns.batch and max-attempts must be at least 1");
        }
        // Twilio's default for one long-code number is one SMS a second; e-mail and push are limited by the
        // outbox and FCM's generous quota.
        Map<String, Integer> limits = new TreeMap<>(Map.of("email", 20, "sms", 1, "whatsapp", 20, "push", 100));
        if (perWindow != null) {
            perWindow.forEach((channel, limit) -> {
                if (limit == null || limit < 1) {
                    throw new IllegalArgumentException(
                            "levqor.growth.campaigns.per-window." + channel + " must be at least 1");
                }
                limits.put(channel, limit);
            });
        }
        perWindow = Map.copyOf(limits);
    }

    /** The per-window limit of a channel (by its wire name). */
    public int limit(String channel) {
        Map<String, Integer> limits = perWindow;
        return limits == null ? 1 : limits.getOrDefault(channel, 1);
    }

    /** These settings with another window and limits (tests). */
    public CampaignSettings withThrottle(Duration newWindow, Map<String, Integer> newLimits, int newBatch) {
        return new CampaignSettings(newWindow, newLimits, newBatch, lease, maxAttempts, retryDelay, tick);
    }
}
