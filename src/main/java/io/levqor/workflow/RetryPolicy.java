package io.levqor.workflow;

import java.time.Duration;

/** How often and how far apart a failed step is tried again; the engine backs off exponentially with full jitter. */
public record RetryPolicy(int maxAttempts, Duration initialDelay, Duration maxDelay) {

    public static final int MAX_ATTEMPTS_LIMIT = 25;
    public static final Duration LONGEST_DELAY = Duration.ofDays(1);

    private static final RetryPolicy DEFAULTS = new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofMinutes(5));

    public static RetryPolicy defaults() {
        return DEFAULTS;
    }
}
