package io.levqor.identity.internal;

import java.util.concurrent.Semaphore;
import java.util.function.Supplier;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Argon2id with OWASP's minimum (19 MiB, 2 iterations, 1 lane). An unknown account is checked against a dummy
 * hash so that a wrong address costs as much time as a wrong password. At most one hash per core runs at a time:
 * with virtual threads nothing else bounds them, and a burst of logins would otherwise take every core and
 * 19 MiB per request at once; the rest queue fairly.
 */
@Component
public class PasswordHashing {

    private final Argon2PasswordEncoder encoder = new Argon2PasswordEncoder(16, 32, 1, 19 * 1024, 2);
    private final Semaphore slots = new Semaphore(Runtime.getRuntime().availableProcessors(), true);
    private final String dummy = encoder.encode("levqor-dummy-password-for-timing");

    /**
     * Stored for an account that has no password yet (the operator made at start): it matches nothing and is told
     * apart from a real hash, which always starts with {@code $argon2}.
     */
    public static final String UNSET = "!unset";

    public static boolean isUnset(String hash) {
        return hash.startsWith("!");
    }

    public String hash(String password) {
        return bounded(() -> encoder.encode(password));
    }

    public boolean matches(String password, String hash) {
        if (isUnset(hash)) {
            wasteEqualTime(password);
            return false;
        }
        return bounded(() -> encoder.matches(password, hash));
    }

    /** Spends the time of one check without a real hash to check against. */
    public void wasteEqualTime(String password) {
        matches(password, dummy);
    }

    private <T> T bounded(Supplier<T> work) {
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting to hash a password", e);
        }
        try {
            return work.get();
        } finally {
            slots.release();
        }
    }
}
