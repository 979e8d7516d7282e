package io.levqor.ops.series;

import io.levqor.ops.series.jdbc.MinuteSeriesRepository;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Every node flushes its counts every {@code levqor.ops.series.flush-interval} (default 10 s) and on shutdown, and
 * sweeps minutes older than the retention once an hour (a delete by age: any node may do it, twice is harmless).
 */
@Component
class SeriesSchedule {

    private static final Logger log = LoggerFactory.getLogger(SeriesSchedule.class);

    private final MinuteCounters counters;
    private final MinuteSeriesRepository store;
    private final SeriesSettings settings;
    private final Clock clock;

    SeriesSchedule(MinuteCounters counters, MinuteSeriesRepository store, SeriesSettings settings, Clock clock) {
        this.counters = counters;
        this.store = store;
        this.settings = settings;
        this.clock = clock;
    }

    @Scheduled(initialDelayString = "PT10S", fixedDelayString = "${levqor.ops.series.flush-interval:PT10S}")
    void flush() {
        try {
            counters.flush();
        } catch (RuntimeException e) {
            log.warn("Could not flush the per-minute counts; they are kept for the next flush", e);
        }
    }

    @Scheduled(initialDelayString = "PT5M", fixedDelayString = "PT1H")
    void sweep() {
        try {
            store.deleteBefore(clock.instant().minus(settings.retention()));
        } catch (RuntimeException e) {
            log.warn("Could not sweep old per-minute series; the next sweep tries again", e);
        }
    }

    @PreDestroy
    void lastFlush() {
        flush();
    }
}
