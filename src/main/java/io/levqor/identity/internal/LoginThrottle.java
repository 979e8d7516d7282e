package io.levqor.identity.internal;

import io.levqor.identity.jdbc.LoginThrottleRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Slows down password guessing: failures are counted per address and per IP in the database (so a lock holds on
 * every node); past the threshold each further failure locks for longer, from {@code first-lock} doubling up to
 * {@code max-lock}. Unknown addresses are counted like known ones, so a lock reveals nothing.
 */
@Component
public class LoginThrottle {

    private final LoginThrottleRepository repository;
    private final IdentitySettings.LoginThrottle settings;
    private final Clock clock;

    LoginThrottle(LoginThrottleRepository repository, IdentitySettings settings, Clock clock) {
        this.repository = repository;
        this.settings = settings.loginThrottle();
        this.clock = clock;
    }

    public void checkAllowed(String email, String ip) {
        Instant now = clock.instant();
        Optional<Instant> until = repository.lockedUntil(List.of(account(email), address(ip)), now);
        if (until.isPresent()) {
            throw IdentityProblem.loginLocked(Duration.between(now, until.get()));
        }
    }

    public void failed(String email, String ip) {
        Instant now = clock.instant();
        Instant windowStart = now.minus(settings.window());
        lockIfOver(account(email), repository.fail(account(email), now, windowStart), settings.accountThreshold(), now);
        lockIfOver(address(ip), repository.fail(address(ip), now, windowStart), settings.ipThreshold(), now);
    }

    public void succeeded(String email) {
        repository.clear(account(email));
    }

    private void lockIfOver(String key, int failures, int threshold, Instant now) {
        if (failures < threshold) {
            return;
        }
        int doublings = Math.min(failures - threshold, 20);
        Duration lock = settings.firstLock().multipliedBy(1L << doublings);
        if (lock.compareTo(settings.maxLock()) > 0) {
            lock = settings.maxLock();
        }
        repository.lock(key, now.plus(lock));
    }

    private static String account(String email) {
        return "acct:" + email;
    }

    private static String address(String ip) {
        return "ip:" + ip;
    }
}
