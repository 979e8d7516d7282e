package io.levqor.ops.alerts;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/** Mutes the alerts whose labels match every matcher, from {@code startsAt} until {@code endsAt}. */
public record Silence(
        UUID id,
        List<Matcher> matchers,
        Instant startsAt,
        Instant endsAt,
        String createdBy,
        String comment,
        Instant createdAt) {

    /**
     * One label condition: the label equals {@code value}, or with {@code regex} matches it whole (an absent label
     * is the empty string, as in Alertmanager).
     */
    public record Matcher(String name, String value, boolean regex) {

        public boolean matches(Map<String, String> labels) {
            String actual = labels.getOrDefault(name, "");
            return regex ? Pattern.compile(value).matcher(actual).matches() : value.equals(actual);
        }
    }

    /** Whether it is in force at {@code now}. */
    public boolean active(Instant now) {
        return !now.isBefore(startsAt) && now.isBefore(endsAt);
    }

    /** Whether it mutes an alert with these labels (alertname and severity included). */
    public boolean mutes(Map<String, String> labels) {
        return matchers.stream().allMatch(m -> m.matches(labels));
    }
}
