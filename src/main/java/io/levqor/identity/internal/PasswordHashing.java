package io.levqor.identity.internal;

import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Argon2id with OWASP's minimum (19 MiB, 2 iterations, 1 lane). An unknown account is checked against a dummy
 * hash so that a wrong address costs as much time as a wrong password.
 */
@Component
public class PasswordHashing {

    private final Argon2PasswordEncoder encoder = new Argon2PasswordEncoder(16, 32, 1, 19 * 1024, 2);
    private final String dummy = encoder.encode("levqor-dummy-password-for-timing");

    public String hash(String password) {
        return encoder.encode(password);
    }

    public boolean matches(String password, String hash) {
        return encoder.matches(password, hash);
    }

    /** Spends the time of one check without a real hash to check against. */
    public void wasteEqualTime(String password) {
        encoder.matches(password, dummy);
    }
}
