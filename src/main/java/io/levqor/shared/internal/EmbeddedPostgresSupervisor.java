package io.levqor.shared.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Watches the embedded PostgreSQL's postmaster and starts it again when it dies (killed, crashed, out of memory):
 * PostgreSQL's crash recovery replays the write-ahead log, so nothing committed is lost. The first attempts come
 * every 250 ms (the dead server's sessions usually leave within a second), later ones back off doubling to 10 s; after {@code levqor.database.embedded-restart-attempts} failures in a row liveness goes DOWN,
 * so that an orchestrator restarts the whole process, and it goes UP again if a later attempt succeeds.
 */
final class EmbeddedPostgresSupervisor extends WatchThread {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresSupervisor.class);
    private static final Duration WATCH = Duration.ofMillis(250);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(250);
    private static final int QUICK_ATTEMPTS = 4;
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    private final EmbeddedPostgresServer server;
    private final DatabaseProbe probe;
    private final ApplicationEventPublisher events;
    private final int attemptsBeforeBroken;
    private final AtomicLong deaths = new AtomicLong();

    EmbeddedPostgresSupervisor(
            EmbeddedPostgresServer server, DatabaseProbe probe, ApplicationEventPublisher events, int attempts) {
        super("levqor-db-supervisor");
        this.server = server;
        this.probe = probe;
        this.events = events;
        this.attemptsBeforeBroken = Math.max(1, attempts);
    }

    /** How many times the embedded server died since this process started. */
    long deaths() {
        return deaths.get();
    }

    @Override
    protected void watch() {
        long pid = server.postmaster().map(ProcessHandle::pid).orElse(-1L);
        while (running() && !server.stopped()) {
            LockSupport.parkNanos(WATCH.toNanos());
            if (!running() || server.stopped()) {
                return;
            }
            var postmaster = server.postmaster();
            if (postmaster.isPresent()) {
                pid = postmaster.get().pid();
                continue;
            }
            deaths.incrementAndGet();
            log.error(
                    "The embedded PostgreSQL (postmaster pid {}) died; restarting it (crash recovery replays its "
                            + "write-ahead log; see {} for why it died)",
                    pid,
                    "postgres/server.log in the data directory");
            probe.embeddedDown(true);
            restart();
            pid = server.postmaster().map(ProcessHandle::pid).orElse(-1L);
        }
    }

    private void restart() {
        boolean broken = false;
        Duration backoff = FIRST_BACKOFF;
        for (int attempt = 1; running() && !server.stopped(); attempt++) {
            try {
                long started = System.nanoTime();
                server.restart();
                log.info(
                        "The embedded PostgreSQL is running again (attempt {}, {} ms)",
                        attempt,
                        (System.nanoTime() - started) / 1_000_000);
                probe.embeddedDown(false);
                if (broken) {
                    AvailabilityChangeEvent.publish(events, this, LivenessState.CORRECT);
                }
                return;
            } catch (IOException | RuntimeException e) {
                // Typically: sessions of the dead server still hold its shared memory for a moment.
                log.warn("Restarting the embedded PostgreSQL failed (attempt {}): {}", attempt, e.getMessage());
                if (attempt >= attemptsBeforeBroken && !broken) {
                    broken = true;
                    log.error(
                            "The embedded PostgreSQL did not restart after {} attempts: liveness is DOWN so that an "
                                    + "orchestrator restarts Levqor; still trying",
                            attempt);
                    AvailabilityChangeEvent.publish(events, this, LivenessState.BROKEN);
                }
            }
            LockSupport.parkNanos(backoff.toNanos());
            if (attempt >= QUICK_ATTEMPTS) {
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }
}
