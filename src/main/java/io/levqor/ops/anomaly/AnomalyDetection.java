package io.levqor.ops.anomaly;

import io.levqor.ops.Watchdogs.Anomaly;
import io.levqor.ops.Watchdogs.Point;
import io.levqor.ops.anomaly.AnomalyDetector.Assessment;
import io.levqor.ops.anomaly.AnomalyDetector.Band;
import io.levqor.ops.anomaly.AnomalyDetector.Direction;
import io.levqor.ops.series.Series;
import io.levqor.ops.series.jdbc.MinuteSeriesRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Reads the watched series and their baselines from the store and assesses each: the mean per minute over the last
 * complete minutes against the same hour of the week in each past week the store already held.
 */
@Component
public class AnomalyDetection {

    static final Duration WEEK = Duration.ofDays(7);
    private static final Duration HOUR = Duration.ofHours(1);
    private static final Duration MINUTE = Duration.ofMinutes(1);

    private static final Map<String, String> DESCRIPTIONS = Map.of(
            Series.RUNS_STARTED, "Runs started per minute",
            Series.RUNS_FAILED, "Runs failed per minute (by the minute they started)",
            Series.SIGNUPS, "Signups per minute",
            Series.PAYMENTS, "Payments per minute",
            Series.HTTP_5XX, "5xx answers of the API and webhooks per minute");

    private final MinuteSeriesRepository store;
    private final AnomalySettings settings;
    private final Clock clock;

    AnomalyDetection(MinuteSeriesRepository store, AnomalySettings settings, Clock clock) {
        this.store = store;
        this.settings = settings;
        this.clock = clock;
    }

    static Direction direction(String series) {
        return series.equals(Series.RUNS_FAILED) || series.equals(Series.HTTP_5XX) ? Direction.UP : Direction.BOTH;
    }

    /** Each watched series now; {@code withPoints} adds the last hours per minute with their bands. */
    public List<Anomaly> assess(boolean withPoints) {
        // The current minute is still filling: the recent window ends where it begins.
        Instant end = clock.instant().truncatedTo(ChronoUnit.MINUTES);
        Instant recentStart = end.minus(settings.recent());
        Instant hour = end.minus(MINUTE).truncatedTo(ChronoUnit.HOURS);
        Instant from = withPoints
                ? end.minus(Duration.ofHours(settings.chartHours())).truncatedTo(ChronoUnit.HOURS)
                : recentStart;
        Instant bandsFrom = withPoints ? from : hour;
        Instant first = store.first();

        List<Integer> weeks = new ArrayList<>();
        for (int k = 1; k <= settings.weeks(); k++) {
            // Only weeks the store already held: before that the zeros are missing data, not a quiet hour.
            if (first != null && !hour.minus(WEEK.multipliedBy(k)).isBefore(first.truncatedTo(ChronoUnit.HOURS))) {
                weeks.add(k);
            }
        }
        Map<String, Map<Instant, Long>> now = store.minutes(Series.WATCHED, min(from, recentStart), end);
        Map<Integer, Map<String, Map<Instant, Long>>> past = new HashMap<>();
        for (int k : weeks) {
            Duration back = WEEK.multipliedBy(k);
            past.put(
                    k,
                    store.minutes(
                            Series.WATCHED,
                            bandsFrom.minus(back),
                            hour.plus(HOUR).minus(back)));
        }

        List<Anomaly> result = new ArrayList<>();
        for (String series : Series.WATCHED) {
            Map<Instant, Long> values = now.get(series);
            long[] recent = values(values, recentStart, end);
            Map<Instant, Band> bands = new HashMap<>();
            long minVolume = settings.minVolume().get(series);
            Assessment assessment = AnomalyDetector.assess(
                    recent, samples(past, weeks, series, hour), settings.sigmas(), minVolume, direction(series));
            List<Point> points = new ArrayList<>();
            if (withPoints) {
                for (Instant at = from; at.isBefore(end); at = at.plus(MINUTE)) {
                    Instant h = at.truncatedTo(ChronoUnit.HOURS);
                    Band band = bands.computeIfAbsent(
                            h, x -> AnomalyDetector.band(samples(past, weeks, series, x), settings.sigmas()));
                    points.add(new Point(at, values.getOrDefault(at, 0L), band.lower(), band.upper()));
                }
            }
            Band band = assessment.band();
            result.add(new Anomaly(
                    series,
                    DESCRIPTIONS.get(series),
                    assessment.state(),
                    assessment.current(),
                    band.mean(),
                    band.lower(),
                    band.upper(),
                    assessment.recentCount(),
                    minVolume,
                    weeks.size(),
                    points));
        }
        return result;
    }

    private static long[] samples(
            Map<Integer, Map<String, Map<Instant, Long>>> past, List<Integer> weeks, String series, Instant hour) {
        long[] samples = new long[weeks.size() * 60];
        int i = 0;
        for (int k : weeks) {
            Instant start = hour.minus(WEEK.multipliedBy(k));
            long[] minutes = values(past.get(k).get(series), start, start.plus(HOUR));
            System.arraycopy(minutes, 0, samples, i, minutes.length);
            i += minutes.length;
        }
        return samples;
    }

    private static long[] values(@Nullable Map<Instant, Long> values, Instant from, Instant to) {
        int n = (int) Duration.between(from, to).toMinutes();
        long[] result = new long[n];
        for (int i = 0; i < n; i++) {
            result[i] = values == null ? 0 : values.getOrDefault(from.plus(Duration.ofMinutes(i)), 0L);
        }
        return result;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
