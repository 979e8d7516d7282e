package io.levqor.ops.alerts;

import io.levqor.ops.alerts.jdbc.AlertRepository;
import io.levqor.ops.alerts.jdbc.AlertRepository.LogEntry;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Groups the firing alerts (by {@code alertname} and the {@code group-by} labels), routes each group to the
 * channels that receive its severities, leaves out silenced alerts, and sends what is due as Alertmanager would:
 * a new group after {@code group-wait}, a changed group at most once per {@code group-interval}, an unchanged one
 * again after {@code repeat-interval}, and "resolved" once all of a notified group's alerts resolved. Every node
 * runs it; a notification goes out only from the node whose conditional write of the notification log wins.
 */
@Component
public class AlertNotifier {

    private static final Logger log = LoggerFactory.getLogger(AlertNotifier.class);
    private static final int LISTED = 20;

    private final AlertRepository alerts;
    private final AlertSettings settings;
    private final AlertChannels channels;
    private final AlertSubscriptions subscriptions;
    private final Clock clock;

    AlertNotifier(
            AlertRepository alerts,
            AlertSettings settings,
            AlertChannels channels,
            AlertSubscriptions subscriptions,
            Clock clock) {
        this.alerts = alerts;
        this.subscriptions = subscriptions;
        this.settings = settings;
        this.channels = channels;
        this.clock = clock;
    }

    /** One round; answers how many notifications this node sent. */
    public int notifyDue() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Map<String, List<Alert>> groups = new TreeMap<>();
        for (Alert alert : alerts.firing()) {
            groups.computeIfAbsent(groupKey(alert), k -> new ArrayList<>()).add(alert);
        }
        List<Silence> silences =
                alerts.silences(now, 1000).stream().filter(s -> s.active(now)).toList();
        Map<String, LogEntry> entries = new HashMap<>();
        for (LogEntry entry : alerts.log()) {
            entries.put(entry.channel() + "\n" + entry.groupKey(), entry);
        }
        int sent = 0;
        // The operator's channels get every group but the workspaces' own WorkflowFailed alerts.
        Map<String, List<Alert>> operator = new TreeMap<>(groups);
        operator.values().removeIf(g -> g.getFirst().name().equals(AlertRules.WORKFLOW_FAILED));
        for (AlertSettings.Channel channel : settings.channels()) {
            sent += notifyChannel(channel, operator, entries, silences, now);
        }
        // A workspace's channel gets the WorkflowFailed groups of that workspace only.
        for (AlertSubscriptions.Subscribed subscribed : subscriptions.channels()) {
            String workspace = subscribed.workspace().value().toString();
            Map<String, List<Alert>> own = new TreeMap<>(groups);
            own.values()
                    .removeIf(g -> !g.getFirst().name().equals(AlertRules.WORKFLOW_FAILED)
                            || !workspace.equals(g.getFirst().labels().get("workspace")));
            sent += notifyChannel(subscribed.channel(), own, entries, silences, now);
        }
        return sent;
    }

    private int notifyChannel(
            AlertSettings.Channel channel,
            Map<String, List<Alert>> groups,
            Map<String, LogEntry> entries,
            List<Silence> silences,
            Instant now) {
        int sent = 0;
        Set<String> keys = new LinkedHashSet<>(groups.keySet());
        entries.values().stream()
                .filter(e -> e.channel().equals(channel.name()) && !e.firing().isEmpty())
                .forEach(e -> keys.add(e.groupKey()));
        for (String key : keys) {
            List<Alert> group = groups.getOrDefault(key, List.of());
            LogEntry entry = entries.get(channel.name() + "\n" + key);
            if (notifyGroup(channel, key, group, entry, silences, now)) {
                sent++;
            }
        }
        return sent;
    }

    private boolean notifyGroup(
            AlertSettings.Channel channel,
            String key,
            List<Alert> group,
            @Nullable LogEntry entry,
            List<Silence> silences,
            Instant now) {
        List<Alert> routed = group.stream()
                .filter(a -> channel.receives(a.severity()))
                .filter(a -> silences.stream().noneMatch(s -> s.mutes(a.matchable())))
                .sorted(Comparator.comparing(Alert::fingerprint))
                .toList();
        if (!routed.isEmpty()) {
            String firing = routed.stream().map(Alert::fingerprint).collect(Collectors.joining(","));
            Instant first = routed.stream()
                    .map(Alert::startsAt)
                    .min(Comparator.naturalOrder())
                    .orElseThrow();
            boolean due;
            if (entry == null || entry.firing().isEmpty()) {
                // A new group (or one notified as resolved before) waits for its fellows, then gets one message.
                due = !now.isBefore(first.plus(settings.groupWait()))
                        && (entry == null || !now.isBefore(entry.sentAt().plus(settings.groupInterval())));
            } else {
                due = !now.isBefore(entry.sentAt().plus(settings.groupInterval()))
                        && (!firing.equals(entry.firing())
                                || !now.isBefore(entry.sentAt().plus(settings.repeatInterval())));
            }
            return due && deliver(channel, key, entry, firing, firingTitle(routed), firingText(key, routed), now);
        }
        // Silenced alerts are still firing: only a group with nothing left firing is resolved.
        if (group.isEmpty()
                && entry != null
                && !entry.firing().isEmpty()
                && !now.isBefore(entry.sentAt().plus(settings.groupInterval()))) {
            int count = entry.firing().split(",").length;
            return deliver(
                    channel,
                    key,
                    entry,
                    "",
                    "[RESOLVED] " + alertname(key),
                    "All " + count + " alert" + (count == 1 ? "" : "s") + " of " + key + " resolved.",
                    now);
        }
        return false;
    }

    private boolean deliver(
            AlertSettings.Channel channel,
            String key,
            @Nullable LogEntry entry,
            String firing,
            String title,
            String text,
            Instant now) {
        if (!alerts.claim(key, channel.name(), entry, firing, now)) {
            return false; // another node sent it (or moved the log on) first
        }
        String idempotencyKey = "alert-"
                + Alert.fingerprint(key, Map.of("channel", channel.name())).substring(0, 16) + "-"
                + now.toEpochMilli();
        if (channels.send(channel, title, text, idempotencyKey)) {
            return true;
        }
        alerts.unclaim(key, channel.name(), entry, firing, now);
        log.warn("Notification for {} to channel {} failed; the next round tries again", key, channel.name());
        return false;
    }

    /** {@code {alertname="…",label="…"}}, the group-by labels in the order configured. */
    String groupKey(Alert alert) {
        Map<String, String> labels = alert.matchable();
        StringBuilder key =
                new StringBuilder("{alertname=\"").append(alert.name()).append('"');
        List<String> by = new ArrayList<>(settings.groupBy());
        if (alert.name().equals(AlertRules.WORKFLOW_FAILED) && !by.contains("workspace")) {
            by.add("workspace"); // a workspace's failures are its own group: its channel sees nobody else's
        }
        for (String label : by) {
            String value = labels.get(label);
            if (value != null && !label.equals("alertname")) {
                key.append(',').append(label).append("=\"").append(value).append('"');
            }
        }
        return key.append('}').toString();
    }

    private static String alertname(String key) {
        int start = key.indexOf('"') + 1;
        return key.substring(start, key.indexOf('"', start));
    }

    private static String firingTitle(List<Alert> routed) {
        String severity = AlertSettings.SEVERITIES.stream()
                .filter(s -> routed.stream().anyMatch(a -> a.severity().equals(s)))
                .findFirst()
                .orElse("info");
        return "[FIRING:" + routed.size() + "] " + routed.getFirst().name() + " (" + severity + ")";
    }

    private static String firingText(String key, List<Alert> routed) {
        StringBuilder text = new StringBuilder(key).append('\n');
        routed.stream().limit(LISTED).forEach(alert -> {
            text.append("- ").append(alert.annotations().getOrDefault("summary", alert.name()));
            if (!alert.labels().isEmpty()) {
                text.append(' ').append(new TreeMap<>(alert.labels()));
            }
            text.append(" (since ").append(alert.startsAt()).append(")\n");
        });
        if (routed.size() > LISTED) {
            text.append("…and ").append(routed.size() - LISTED).append(" more\n");
        }
        return text.toString().strip();
    }
}
