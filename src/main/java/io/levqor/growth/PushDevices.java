package io.levqor.growth;

import io.levqor.growth.jdbc.PushDeviceRepository;
import io.levqor.shared.UserId;
import io.levqor.shared.ValidationFailed;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Devices registered for push by signed-in users. A token FCM reports as unregistered is dropped and suppressed
 * ({@link #drop}); registering it again (the app got it anew) lifts the suppression.
 */
@Service
public class PushDevices {

    private static final Set<String> PLATFORMS = Set.of("android", "ios", "web");

    private final PushDeviceRepository repository;
    private final Suppressions suppressions;
    private final Clock clock;

    PushDevices(PushDeviceRepository repository, Suppressions suppressions, Clock clock) {
        this.repository = repository;
        this.suppressions = suppressions;
        this.clock = clock;
    }

    @Transactional
    public PushDevice register(UserId user, String token, String platform) {
        String stripped = token.strip();
        if (stripped.isEmpty() || stripped.length() > 4096 || !stripped.chars().allMatch(c -> c > 32 && c < 127)) {
            throw ValidationFailed.of("token", "must be an FCM registration token (1 to 4096 printable characters)");
        }
        if (!PLATFORMS.contains(platform)) {
            throw ValidationFailed.of("platform", "must be android, ios or web");
        }
        var now = clock.instant();
        repository.upsert(stripped, user.value(), platform, now);
        suppressions.lift(Channel.PUSH, stripped);
        return new PushDevice(stripped, platform, now);
    }

    /** Removes one of the user's devices; false if the user has no such device. */
    @Transactional
    public boolean unregister(UserId user, String token) {
        return repository.delete(token.strip(), user.value());
    }

    /** Drops a token FCM no longer knows, and suppresses it. */
    @Transactional
    public void drop(String token) {
        repository.delete(token);
        suppressions.suppress(Channel.PUSH, token, SuppressionReason.UNREGISTERED);
    }

    public List<PushDevice> of(UserId user) {
        return repository.ofUser(user.value()).stream()
                .map(row -> new PushDevice(row.token(), row.platform(), row.registeredAt()))
                .toList();
    }
}
