package io.levqor.connectors.internal;

import io.levqor.connectors.StepOutcome;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import org.jspecify.annotations.Nullable;

/** How an HTTP status maps to a step's fate: 408, 429 and 5xx may pass on a retry; other 4xx will not. */
public final class HttpFailures {

    private HttpFailures() {}

    public static boolean retryable(int status) {
        return status == 408 || status == 429 || status >= 500;
    }

    /** A failed outcome for a non-2xx answer, keeping the response as the attempt's output. */
    public static StepOutcome.Failed failed(
            String what, OutboundResponse response, @Nullable Object output, Clock clock) {
        int status = response.status();
        return new StepOutcome.Failed(
                what + " answered HTTP " + status + " (from " + response.uri().getHost() + ")",
                retryable(status),
                retryable(status) ? retryAfter(response, clock) : null,
                output);
    }

    /** The peer's {@code Retry-After} (seconds or an HTTP date), when it sent one. */
    public static @Nullable Duration retryAfter(OutboundResponse response, Clock clock) {
        String value = response.header("Retry-After");
        if (value == null || value.isBlank()) {
            return null;
        }
        String trimmed = value.trim();
        try {
            return seconds(Double.parseDouble(trimmed));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration until = Duration.between(clock.instant(), at.toInstant());
                return until.isNegative() ? Duration.ZERO : until;
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }

    /** A duration from seconds as services send them (Discord's 0.75, Telegram's 5). */
    public static @Nullable Duration seconds(@Nullable Object seconds) {
        if (seconds instanceof Number number && number.doubleValue() >= 0) {
            return Duration.ofMillis(Math.round(number.doubleValue() * 1000));
        }
        return null;
    }

    public static Duration seconds(double seconds) {
        return Duration.ofMillis(Math.round(Math.max(0, seconds) * 1000));
    }
}
