package io.levqor.engine.internal;

import io.levqor.engine.jdbc.RunRepository;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Deletes ended runs older than {@code levqor.engine.history-retention}, in small batches so that no statement
 * holds locks for long (every node may run it; batches simply interleave).
 */
@Component
public class HistoryPruner {

    private static final Logger log = LoggerFactory.getLogger(HistoryPruner.class);
    private static final int BATCH = 1_000;

    private final RunRepository runs;
    private final EngineSettings settings;
    private final Clock clock;

    HistoryPruner(RunRepository runs, EngineSettings settings, Clock clock) {
        this.runs = runs;
        this.settings = settings;
        this.clock = clock;
    }

    @Scheduled(initialDelayString = "PT5M", fixedDelayString = "PT1H")
    void scheduledPrune() {
        if (settings.workers() > 0) {
            log.info("pruned {} runs older than {}", prune(), settings.historyRetention());
        }
    }

    /** Prunes until nothing old is left; returns how many runs went. */
    public int prune() {
        Instant before = clock.instant().minus(settings.historyRetention());
        int total = 0;
        int deleted;
        do {
            deleted = runs.prune(before, BATCH);
            total += deleted;
        } while (deleted == BATCH);
        return total;
    }
}
