package io.levqor.engine;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/** Waits for a condition with a deadline (no fixed sleeps): fails with the description when it never holds. */
final class Eventually {

    private Eventually() {}

    static <T> T await(String what, Duration timeout, Supplier<T> probe, java.util.function.Predicate<T> done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = probe.get();
        while (!done.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up waiting for " + what + "; last seen: " + last);
            }
            LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
            last = probe.get();
        }
        return last;
    }

    static void await(String what, Supplier<Boolean> condition) {
        await(what, Duration.ofSeconds(30), condition, Boolean::booleanValue);
    }
}
