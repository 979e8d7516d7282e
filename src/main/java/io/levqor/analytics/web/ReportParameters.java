package io.levqor.analytics.web;

import io.levqor.shared.ValidationFailed;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Parses the reports' query parameters; a bad one is a 400 naming it. */
final class ReportParameters {

    private static final Pattern SHORT_DURATION = Pattern.compile("^(\\d{1,6})([mhd])$");

    /** The longest range a report reads; longer ones would be slow for little use. */
    static final Duration MAX_RANGE = Duration.ofDays(731);

    private ReportParameters() {}

    /** A time: an ISO-8601 instant, or a date (its start in UTC; for {@code to}, the start of the next day). */
    static @Nullable Instant instant(String field, @Nullable String value, boolean endOfDay) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            if (value.length() == 10) {
                LocalDate date = LocalDate.parse(value);
                return (endOfDay ? date.plusDays(1) : date).atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ValidationFailed.of(field, "must be a date (2026-12-01) or an instant (2026-12-01T00:00:00Z)");
        }
    }

    /** The range [from, to): {@code to} defaults to now, {@code from} to {@code defaultSpan} before it. */
    static Instant[] range(@Nullable String from, @Nullable String to, Instant now, Duration defaultSpan) {
        Instant end = instant("to", to, true);
        if (end == null) {
            end = now;
        }
        Instant start = instant("from", from, false);
        if (start == null) {
            start = end.minus(defaultSpan);
        }
        if (!start.isBefore(end)) {
            throw ValidationFailed.of("from", "must be before to");
        }
        if (Duration.between(start, end).compareTo(MAX_RANGE) > 0) {
            throw ValidationFailed.of("from", "the range may span at most " + MAX_RANGE.toDays() + " days");
        }
        return new Instant[] {start, end};
    }

    /** A duration: {@code 30m}, {@code 12h}, {@code 14d}, or ISO-8601 ({@code P14D}); positive, at most {@code max}. */
    static Duration duration(String field, String value, Duration max) {
        Duration parsed;
        Matcher m = SHORT_DURATION.matcher(value.trim().toLowerCase(Locale.ROOT));
        try {
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                parsed = switch (m.group(2)) {
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            } else {
                parsed = Duration.parse(value.trim().toUpperCase(Locale.ROOT));
            }
        } catch (DateTimeParseException e) {
            throw ValidationFailed.of(field, "must be a duration such as 30m, 12h, 14d or P14D");
        }
        if (parsed.isNegative() || parsed.isZero() || parsed.compareTo(max) > 0) {
            throw ValidationFailed.of(field, "must be above zero and at most " + max.toDays() + " days");
        }
        return parsed;
    }
}
