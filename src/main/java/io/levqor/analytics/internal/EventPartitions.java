package io.levqor.analytics.internal;

import io.levqor.analytics.jdbc.EventStore;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps a partition of {@code analytics_event} for every month events arrive in: the current month and
 * {@code partitionsAhead} after it at start and every day, and any other month (a backdated event) the first time a
 * writer meets it. Months known to exist are remembered, so the writers' check is a set lookup.
 */
@Component
public class EventPartitions {

    private final EventStore store;
    private final Clock clock;
    private final AnalyticsSettings settings;
    private final Set<YearMonth> known = ConcurrentHashMap.newKeySet();

    EventPartitions(EventStore store, Clock clock, AnalyticsSettings settings) {
        this.store = store;
        this.clock = clock;
        this.settings = settings;
    }

    /** Makes sure the months of these instants have their partitions. */
    public void ensure(Collection<Instant> instants) {
        Set<YearMonth> missing = new TreeSet<>();
        for (Instant at : instants) {
            YearMonth month = YearMonth.from(at.atOffset(ZoneOffset.UTC));
            if (!known.contains(month)) {
                missing.add(month);
            }
        }
        for (YearMonth month : missing) {
            store.createPartition(month);
            known.add(month);
        }
    }

    /** Forgets what it knows (a partition dropped by hand is then made again on the next write). */
    public void forget() {
        known.clear();
    }

    // At start and then daily: the months ahead exist before the first event of a new month arrives.
    @EventListener(ApplicationReadyEvent.class)
    @Scheduled(initialDelayString = "PT24H", fixedDelayString = "PT24H")
    void createAhead() {
        YearMonth now = YearMonth.from(clock.instant().atOffset(ZoneOffset.UTC));
        for (int i = 0; i <= settings.events().partitionsAhead(); i++) {
            YearMonth month = now.plusMonths(i);
            store.createPartition(month);
            known.add(month);
        }
    }
}
