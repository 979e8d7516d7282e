package io.levqor.console.web;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Formatting helpers for templates, as {@code ${@fmt.time(x)}}: times in UTC, durations, pretty JSON. */
@Component("fmt")
public class ConsoleFormat {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
    private static final JsonMapper PRETTY =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    public String time(@Nullable Instant instant) {
        return instant == null ? "—" : TIME.format(instant);
    }

    public String iso(@Nullable Instant instant) {
        return instant == null ? "" : instant.toString();
    }

    public String duration(@Nullable Instant from, @Nullable Instant to) {
        if (from == null || to == null) {
            return "—";
        }
        return millis(Duration.between(from, to).toMillis());
    }

    /** A duration given in milliseconds, as {@link #duration} writes it. */
    public String millis(long ms) {
        Duration d = Duration.ofMillis(ms);
        if (ms < 1000) {
            return ms + " ms";
        }
        if (ms < 60_000) {
            return String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
        }
        return d.toMinutes() + " min " + d.toSecondsPart() + " s";
    }

    public String json(@Nullable Object value) {
        return pretty(value);
    }

    /** Indented JSON, as the editor and the diffs show definitions. */
    public static String pretty(@Nullable Object value) {
        return value == null ? "null" : PRETTY.writeValueAsString(value);
    }

    public String money(long minor, String currency) {
        return String.format(java.util.Locale.ROOT, "%s %d.%02d", currency, minor / 100, Math.abs(minor % 100));
    }
}
