package io.levqor.engine.internal;

import io.levqor.workflow.RetryPolicy;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/** Exponential backoff with full jitter: a random delay up to {@code min(max, initial·2^(n-1))}. */
final class Backoff {

    private Backoff() {}

    /** The delay before the attempt after {@code failedAttempt}; never sooner than the peer's {@code retryAfter}. */
    static Duration delay(RetryPolicy policy, int failedAttempt, @Nullable Duration retryAfter) {
        long initial = Math.max(1, policy.initialDelay().toMillis());
        long cap = Math.max(initial, policy.maxDelay().toMillis());
        int shift = Math.min(Math.max(0, failedAttempt - 1), 40);
        long ceiling = initial > (cap >> shift) ? cap : Math.min(cap, initial << shift);
        long jittered = ThreadLocalRandom.current().nextLong(ceiling + 1);
        Duration delay = Duration.ofMillis(jittered);
        return retryAfter != null && retryAfter.compareTo(delay) > 0 ? retryAfter : delay;
    }
}
