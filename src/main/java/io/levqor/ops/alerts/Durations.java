package io.levqor.ops.alerts;

import java.time.Duration;

/** Durations as alert summaries write them: {@code 90 s}, {@code 7 min}, {@code 3 h}. */
final class Durations {

    private Durations() {}

    static String text(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds < 120) {
            return seconds + " s";
        }
        if (seconds < 2 * 3600) {
            return seconds / 60 + " min";
        }
        return seconds / 3600 + " h";
    }
}
