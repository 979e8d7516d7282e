package io.levqor.ops.series;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.levqor.ops.series.jdbc.MinuteSeriesRepository;
import io.levqor.ops.series.jdbc.MinuteSeriesRepository.Row;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class MinuteCountersTests {

    /** A store that keeps what it is given (or refuses it). */
    static final class Store extends MinuteSeriesRepository {
        final List<Row> added = new ArrayList<>();
        volatile boolean down;

        Store() {
            super(null);
        }

        @Override
        public synchronized void add(List<Row> rows) {
            if (down) {
                throw new IllegalStateException("database down");
            }
            added.addAll(rows);
        }

        synchronized Map<String, Long> totals() {
            return added.stream().collect(Collectors.groupingBy(Row::series, Collectors.summingLong(Row::value)));
        }
    }

    static final Instant NOON = Instant.parse("2026-12-07T12:00:30Z");

    @Test
    void countsAreFlushedPerSeriesAndMinuteAndForgotten() {
        Store store = new Store();
        MinuteCounters counters = new MinuteCounters(store, Clock.fixed(NOON, ZoneOffset.UTC));
        counters.increment("a");
        counters.increment("a");
        counters.add("b", NOON.minusSeconds(60).toEpochMilli(), 5);

        assertThat(counters.flush()).isEqualTo(2);
        assertThat(store.added)
                .containsExactlyInAnyOrder(
                        new Row("a", Instant.parse("2026-12-07T12:00:00Z"), 2),
                        new Row("b", Instant.parse("2026-12-07T11:59:00Z"), 5));
        assertThat(counters.flush()).isZero();
    }

    @Test
    void countsSurviveAStoreThatIsDown() {
        Store store = new Store();
        MinuteCounters counters = new MinuteCounters(store, Clock.fixed(NOON, ZoneOffset.UTC));
        counters.increment("a");
        store.down = true;
        assertThatThrownBy(counters::flush).hasMessageContaining("database down");
        counters.increment("a");
        store.down = false;
        counters.flush();
        assertThat(store.totals()).containsEntry("a", 2L);
    }

    @Test
    void noCountIsLostWhileFlushesRunBesideTheRequests() throws Exception {
        Store store = new Store();
        MinuteCounters counters = new MinuteCounters(store, Clock.systemUTC());
        int threads = 4;
        int each = 50_000;
        AtomicBoolean done = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
        try {
            Future<?> flusher = pool.submit(() -> {
                while (!done.get()) {
                    counters.flush();
                }
            });
            List<Future<?>> counting = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                counting.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        counters.increment("requests");
                    }
                }));
            }
            for (Future<?> f : counting) {
                f.get();
            }
            done.set(true);
            flusher.get();
        } finally {
            pool.shutdownNow();
        }
        counters.flush();
        assertThat(store.totals()).containsEntry("requests", (long) threads * each);
    }
}
