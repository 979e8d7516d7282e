package io.levqor.ops.series;

import io.levqor.ops.series.jdbc.MinuteSeriesRepository;
import io.levqor.ops.series.jdbc.MinuteSeriesRepository.Row;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.springframework.stereotype.Component;

/**
 * This node's counts not yet in the store: a {@link LongAdder} per series and minute, so counting on the request path
 * never writes to the database. {@link #flush()} adds them to the store (the schedule calls it every ~10 s).
 */
@Component
public class MinuteCounters {

    private static final long MINUTE = 60_000;

    private record Key(String series, long minute) {}

    private final ConcurrentHashMap<Key, LongAdder> counts = new ConcurrentHashMap<>();
    private final MinuteSeriesRepository store;
    private final Clock clock;

    MinuteCounters(MinuteSeriesRepository store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Counts one in {@code series} for the current minute. */
    public void increment(String series) {
        add(series, clock.millis(), 1);
    }

    /** Counts {@code n} in {@code series} for the minute holding {@code epochMilli}. */
    public void add(String series, long epochMilli, long n) {
        Key key = new Key(series, Math.floorDiv(epochMilli, MINUTE));
        LongAdder adder = counts.get(key);
        if (adder == null) {
            adder = counts.computeIfAbsent(key, k -> new LongAdder());
        }
        adder.add(n);
    }

    /** Forgets this node's counts not yet flushed (tests start each from nothing). */
    public void discard() {
        counts.clear();
    }

    /**
     * Adds what was counted since the last flush to the store and forgets it; answers how many rows were written.
     * When the store cannot be reached the counts are kept for the next flush.
     */
    public synchronized int flush() {
        long current = Math.floorDiv(clock.millis(), MINUTE);
        Map<Key, Long> drained = new HashMap<>();
        for (var entry : counts.entrySet()) {
            Key key = entry.getKey();
            LongAdder adder = entry.getValue();
            // Minutes that are over (with one minute's grace for requests finishing late) leave the map; an add that
            // raced the removal landed in the adder before sumThenReset reads it.
            if (key.minute() < current - 1) {
                counts.remove(key, adder);
            }
            long n = adder.sumThenReset();
            if (n != 0) {
                drained.merge(key, n, Long::sum);
            }
        }
        if (drained.isEmpty()) {
            return 0;
        }
        List<Row> rows = new ArrayList<>(drained.size());
        drained.forEach((key, n) -> rows.add(new Row(key.series(), Instant.ofEpochMilli(key.minute() * MINUTE), n)));
        try {
            store.add(rows);
        } catch (RuntimeException e) {
            drained.forEach((key, n) ->
                    counts.computeIfAbsent(key, k -> new LongAdder()).add(n));
            throw e;
        }
        return rows.size();
    }
}
