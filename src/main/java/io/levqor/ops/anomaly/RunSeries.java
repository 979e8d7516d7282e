package io.levqor.ops.anomaly;

import io.levqor.engine.OperatorRuns;
import io.levqor.ops.series.Series;
import io.levqor.ops.series.jdbc.MinuteSeriesRepository;
import io.levqor.ops.series.jdbc.MinuteSeriesRepository.Row;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Copies runs started and failed per minute from the runs table (engine's operator read) into the series store, for
 * the last 15 minutes, every minute. The runs table is the truth and the copy sets rather than adds, so every node may
 * do it; there is no run-started event to count (adding one would cost the engine's hot path an event row per run).
 */
@Component
class RunSeries {

    static final Duration LOOK_BACK = Duration.ofMinutes(15);
    private static final Logger log = LoggerFactory.getLogger(RunSeries.class);

    private final OperatorRuns runs;
    private final MinuteSeriesRepository store;

    RunSeries(OperatorRuns runs, MinuteSeriesRepository store) {
        this.runs = runs;
        this.store = store;
    }

    /** One copy of the last minutes. */
    void copy() {
        List<Row> rows = new ArrayList<>();
        for (OperatorRuns.Minute minute : runs.runsPerMinute(LOOK_BACK)) {
            if (minute.runs() > 0) {
                rows.add(new Row(Series.RUNS_STARTED, minute.at(), minute.runs()));
            }
            if (minute.failed() > 0) {
                rows.add(new Row(Series.RUNS_FAILED, minute.at(), minute.failed()));
            }
        }
        store.set(rows);
    }

    @Scheduled(initialDelayString = "PT1M", fixedDelayString = "PT1M")
    void scheduled() {
        try {
            copy();
        } catch (RuntimeException e) {
            log.warn("Could not copy the runs per minute into the series store; the next minute tries again", e);
        }
    }
}
