package io.levqor.ops.alerts;

import io.levqor.connectors.ChatMessages;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Alerts, bound to {@code levqor.ops.alerts.*} (docs/operations.md, "Alerts").
 *
 * @param scheduleEnabled false: rules are evaluated and notifications sent only when asked (tests)
 * @param interval how often each node runs a round (evaluate, notify)
 * @param groupWait how long a new group waits for more alerts before its first notification
 * @param groupInterval the least time between two notifications of one group to one channel
 * @param repeatInterval how long before an unchanged firing group is notified again
 * @param groupBy labels that split a rule's alerts into groups besides {@code alertname}
 * @param channels where notifications go, each with the severities it receives
 */
@ConfigurationProperties("levqor.ops.alerts")
public record AlertSettings(
        @DefaultValue("true") boolean scheduleEnabled,
        @DefaultValue("15s") Duration interval,
        @DefaultValue("30s") Duration groupWait,
        @DefaultValue("5m") Duration groupInterval,
        @DefaultValue("4h") Duration repeatInterval,
        @Nullable List<String> groupBy,
        @DefaultValue FailedRuns failedRuns,
        @DefaultValue Queue queue,
        @DefaultValue Backup backup,
        @Nullable List<Channel> channels) {

    /** The severities an alert can have, most urgent first. */
    public static final List<String> SEVERITIES = List.of("critical", "warning", "info");

    /** The kinds of channel: the chat services, and e-mail through the mail outbox. */
    public static final List<String> CHANNEL_TYPES = List.of("slack", "discord", "teams", "telegram", "email");

    public AlertSettings {
        groupBy = groupBy == null ? List.of() : List.copyOf(groupBy);
        channels = channels == null ? List.of() : List.copyOf(channels);
        if (groupWait.isNegative() || groupInterval.isNegative() || repeatInterval.isNegative()) {
            throw new IllegalArgumentException(
                    "levqor.ops.alerts.group-wait, group-interval and repeat-interval " + "must not be negative");
        }
        Set<String> names = new HashSet<>();
        for (Channel channel : channels) {
            if (!names.add(channel.name())) {
                throw new IllegalArgumentException(
                        "levqor.ops.alerts.channels: two channels are named '" + channel.name() + "'");
            }
        }
    }

    /** The group-by labels, never null. */
    @Override
    public List<String> groupBy() {
        return groupBy == null ? List.of() : groupBy;
    }

    /** The channels, never null. */
    @Override
    public List<Channel> channels() {
        return channels == null ? List.of() : channels;
    }

    /** A copy with other channels (tests point them at a local peer). */
    public AlertSettings withChannels(List<Channel> replaced) {
        return new AlertSettings(
                scheduleEnabled,
                interval,
                groupWait,
                groupInterval,
                repeatInterval,
                groupBy,
                failedRuns,
                queue,
                backup,
                replaced);
    }

    /**
     * The failed-run rate rules, {@code levqor.ops.alerts.failed-runs.*}: the platform's and each workspace's share
     * of failed runs over {@code window}, once at least {@code minRuns} ran.
     */
    public record FailedRuns(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("15m") Duration window,
            @DefaultValue("20") int minRuns,
            @DefaultValue("0.5") double platformRate,
            @DefaultValue("critical") String platformSeverity,
            @DefaultValue("0.5") double workspaceRate,
            @DefaultValue("warning") String workspaceSeverity) {

        public FailedRuns {
            if (window.compareTo(Duration.ofMinutes(1)) < 0 || window.compareTo(Duration.ofHours(24)) > 0) {
                throw new IllegalArgumentException("levqor.ops.alerts.failed-runs.window must be 1m to 24h");
            }
            if (minRuns < 1 || platformRate <= 0 || platformRate > 1 || workspaceRate <= 0 || workspaceRate > 1) {
                throw new IllegalArgumentException("levqor.ops.alerts.failed-runs: min-runs must be at least 1 and "
                        + "the rates above 0 and at most 1");
            }
            checkSeverity(platformSeverity, "failed-runs.platform-severity");
            checkSeverity(workspaceSeverity, "failed-runs.workspace-severity");
        }
    }

    /** The queue backlog rule, {@code levqor.ops.alerts.queue.*}: due jobs waiting for a worker. */
    public record Queue(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("10000") long maxDepth,
            @DefaultValue("warning") String severity) {

        public Queue {
            checkSeverity(severity, "queue.severity");
        }
    }

    /** The backup rules, {@code levqor.ops.alerts.backup.*}: the last backup failed, or no success for too long. */
    public record Backup(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("26h") Duration maxAge,
            @DefaultValue("critical") String severity) {

        public Backup {
            checkSeverity(severity, "backup.severity");
        }
    }

    /**
     * A notification channel, {@code levqor.ops.alerts.channels[n].*}.
     *
     * @param name unique; the notification log keys on it
     * @param type one of {@link #CHANNEL_TYPES}
     * @param webhookUrl Slack, Discord and Teams incoming webhook
     * @param botToken Telegram's bot token
     * @param chatId Telegram's chat
     * @param to e-mail recipient
     * @param severities the severities this channel receives (all by default)
     */
    public record Channel(
            String name,
            String type,
            @Nullable String webhookUrl,
            @Nullable String botToken,
            @Nullable String chatId,
            @Nullable String to,
            @Nullable List<String> severities) {

        public Channel {
            String where = "levqor.ops.alerts.channels '" + name + "'";
            if (name.isBlank()) {
                throw new IllegalArgumentException("levqor.ops.alerts.channels: a channel has no name");
            }
            if (!CHANNEL_TYPES.contains(type)) {
                throw new IllegalArgumentException(where + ": type must be one of " + CHANNEL_TYPES);
            }
            boolean chat = ChatMessages.SERVICES.contains(type);
            if (chat && !type.equals("telegram") && blank(webhookUrl)) {
                throw new IllegalArgumentException(where + ": webhook-url is required for " + type);
            }
            if (type.equals("telegram") && (blank(botToken) || blank(chatId))) {
                throw new IllegalArgumentException(where + ": bot-token and chat-id are required for telegram");
            }
            if (type.equals("email") && (to == null || to.indexOf('@') < 1)) {
                throw new IllegalArgumentException(where + ": to must be an e-mail address");
            }
            severities = severities == null || severities.isEmpty() ? SEVERITIES : List.copyOf(severities);
            for (String severity : severities) {
                checkSeverity(severity, "channels '" + name + "'.severities");
            }
        }

        /** Whether alerts of {@code severity} go to this channel. */
        public boolean receives(String severity) {
            return severities == null || severities.contains(severity);
        }
    }

    private static boolean blank(@Nullable String value) {
        return value == null || value.isBlank();
    }

    static void checkSeverity(String severity, String property) {
        if (!SEVERITIES.contains(severity)) {
            throw new IllegalArgumentException(
                    "levqor.ops.alerts." + property + " must be one of " + SEVERITIES + ", not '" + severity + "'");
        }
    }
}
