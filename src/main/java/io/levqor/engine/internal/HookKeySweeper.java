package io.levqor.engine.internal;

import io.levqor.engine.jdbc.RunRepository;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Forgets webhook delivery keys older than {@code levqor.engine.hooks.idempotency.retention}, in small batches (every
 * node may run it; batches simply interleave). {@link Hooks} also forgets an old key when it meets it again, so the
 * window holds exactly whenever the sweep last ran.
 */
@Component
public class HookKeySweeper {

    private static final Logger log = LoggerFactory.getLogger(HookKeySweeper.class);
    private static final int BATCH = 1_000;

    private final RunRepository runs;
    private final HookIdempotencySettings settings;
    private final Clock clock;

    HookKeySweeper(RunRepository runs, HookIdempotencySettings settings, Clock clock) {
        this.runs = runs;
        this.settings = settings;
        this.clock = clock;
    }

    @Scheduled(
            initialDelayString = "${levqor.engine.hooks.idempotency.sweep-interval:PT5M}",
            fixedDelayString = "${levqor.engine.hooks.idempotency.sweep-interval:PT5M}")
    void scheduledSweep() {
        int forgotten = sweep();
        if (forgotten > 0) {
            log.info("forgot {} webhook delivery keys older than {}", forgotten, settings.retention());
        }
    }

    /** Forgets every key past the retention; answers how many. */
    public int sweep() {
        Instant before = clock.instant().minus(settings.retention());
        int total = 0;
        int forgotten;
        do {
            forgotten = runs.forgetHookKeys(before, BATCH);
            total += forgotten;
        } while (forgotten == BATCH);
        return total;
    }
}
