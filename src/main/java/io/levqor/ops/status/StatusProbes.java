package io.levqor.ops.status;

import io.levqor.ops.status.jdbc.ProbeRepository;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Records each component's state once a minute. Every node looks every 15 s; the minute is the probe's primary key, so
 * the one node whose INSERT takes it records the minute and the others skip it (as backups take their slot). A minute a
 * node could not write (the database was out of reach, which is itself an outage) is kept in its memory for up to a
 * day and written once the database answers again, so that an outage shows in the uptime instead of a gap.
 */
@Component
public class StatusProbes {

    private static final Logger log = LoggerFactory.getLogger(StatusProbes.class);
    static final int MAX_PENDING = 24 * 60;

    private record Probe(Instant minute, Map<String, String> states) {}

    private final StatusBoard board;
    private final ProbeRepository probes;
    private final StatusSettings settings;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final String node = ManagementFactory.getRuntimeMXBean().getName();
    private final ArrayDeque<Probe> pending = new ArrayDeque<>();

    StatusProbes(
            StatusBoard board,
            ProbeRepository probes,
            StatusSettings settings,
            PlatformTransactionManager transactions,
            Clock clock) {
        this.board = board;
        this.probes = probes;
        this.settings = settings;
        this.transactions = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    @Scheduled(initialDelayString = "PT20S", fixedDelayString = "PT15S")
    void tick() {
        if (!settings.probesEnabled()) {
            return;
        }
        try {
            probe();
        } catch (RuntimeException e) {
            log.warn("The status probe failed; the next tick tries again", e);
        }
    }

    /** Probes this minute unless a node recorded it already; true when this node recorded it now. */
    public synchronized boolean probe() {
        Instant minute = clock.instant().truncatedTo(ChronoUnit.MINUTES);
        boolean recorded;
        try {
            recorded = probes.recorded(minute);
        } catch (RuntimeException unreachable) {
            recorded = false;
        }
        if (!recorded && (pending.isEmpty() || !pending.getLast().minute().equals(minute))) {
            Map<String, String> states = new LinkedHashMap<>();
            board.effectiveStates().forEach((component, state) -> states.put(component, state.apiName()));
            pending.addLast(new Probe(minute, states));
            while (pending.size() > MAX_PENDING) {
                pending.removeFirst();
            }
        }
        return flush(minute);
    }

    // Writes the pending minutes oldest first; on a failure they stay for the next tick.
    private boolean flush(Instant current) {
        boolean recordedCurrent = false;
        while (!pending.isEmpty()) {
            Probe probe = pending.getFirst();
            Boolean taken;
            try {
                taken = transactions.execute(tx -> probes.record(probe.minute(), probe.states(), node));
            } catch (RuntimeException e) {
                log.debug("Status probe of {} not written yet", probe.minute(), e);
                return false;
            }
            pending.removeFirst();
            if (probe.minute().equals(current) && Boolean.TRUE.equals(taken)) {
                recordedCurrent = true;
            }
        }
        if (recordedCurrent) {
            // The node that records the minute prunes: a primary-key range, usually nothing to delete.
            probes.prune(current.minus(settings.retention()));
            board.forget();
        }
        return recordedCurrent;
    }
}
