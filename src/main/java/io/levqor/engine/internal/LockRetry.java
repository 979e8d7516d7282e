package io.levqor.engine.internal;

import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Runs an engine transaction again when it gave way on a lock (its short {@code lock_timeout}, a deadlock, a
 * serialization failure): those transactions hold nothing afterwards and are safe to repeat.
 */
public final class LockRetry {

    private static final int ATTEMPTS = 20;

    private LockRetry() {}

    /** Runs {@code transaction} until it does not give way on a lock (at most 20 times). */
    public static <T> T run(Supplier<T> transaction) {
        for (int attempt = 1; ; attempt++) {
            try {
                return transaction.get();
            } catch (RuntimeException e) {
                if (attempt >= ATTEMPTS || !gaveWayOnALock(e)) {
                    throw e;
                }
                // Jittered, growing pause so that two nodes contending for one row do not collide again.
                long maxMillis = Math.min(200, 5L << Math.min(attempt, 6));
                LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(1, maxMillis + 1) * 1_000_000L);
            }
        }
    }

    static boolean gaveWayOnALock(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                String state = sql.getSQLState();
                return "55P03".equals(state) || "40P01".equals(state) || "40001".equals(state);
            }
        }
        return false;
    }
}
