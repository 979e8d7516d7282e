package io.levqor.ops.status;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;
import org.springframework.stereotype.Component;

/**
 * This node's answers to the API ({@code /api/**}) and to webhooks ({@code /hooks/**}) per minute, and how many were
 * 5xx, for the last hour, in memory. Recording is two adder increments; the page takes the share over its window.
 */
@Component
public class RecentAnswers {

    /** Which component an answer belongs to. */
    public enum Family {
        API,
        WEBHOOKS
    }

    /** Answers and 5xx answers over a window. */
    public record Share(long answers, long errors) {

        public double errorShare() {
            return answers == 0 ? 0 : (double) errors / answers;
        }
    }

    private static final long KEEP_MINUTES = 60;

    private record Minute(LongAdder answers, LongAdder errors) {}

    private final Clock clock;
    private final Map<Family, ConcurrentMap<Long, Minute>> minutes = Map.of(
            Family.API, new ConcurrentHashMap<>(),
            Family.WEBHOOKS, new ConcurrentHashMap<>());

    RecentAnswers(Clock clock) {
        this.clock = clock;
    }

    public void record(Family family, int status) {
        long minute = minute();
        Minute counts = minutes.get(family).computeIfAbsent(minute, m -> new Minute(new LongAdder(), new LongAdder()));
        counts.answers().increment();
        if (status >= 500) {
            counts.errors().increment();
        }
    }

    /** The answers of the last {@code window} (this minute included). */
    public Share share(Family family, Duration window) {
        long now = minute();
        long first = now - Math.max(1, window.toMinutes()) + 1;
        long answers = 0;
        long errors = 0;
        ConcurrentMap<Long, Minute> counts = minutes.get(family);
        for (var entry : counts.entrySet()) {
            long minute = entry.getKey();
            if (minute < now - KEEP_MINUTES) {
                counts.remove(minute);
            } else if (minute >= first && minute <= now) {
                answers += entry.getValue().answers().sum();
                errors += entry.getValue().errors().sum();
            }
        }
        return new Share(answers, errors);
    }

    private long minute() {
        return Math.floorDiv(clock.millis(), 60_000L);
    }
}
