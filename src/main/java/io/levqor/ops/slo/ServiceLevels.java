package io.levqor.ops.slo;

import io.levqor.ops.Watchdogs.BudgetPoint;
import io.levqor.ops.Watchdogs.Burn;
import io.levqor.ops.Watchdogs.Slo;
import io.levqor.ops.series.Series;
import io.levqor.ops.series.jdbc.MinuteSeriesRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/** Computes each SLO's SLI, error budget and burn rates from the per-minute series. */
@Component
public class ServiceLevels {

    /** The availability SLO's name. */
    public static final String AVAILABILITY = "availability";
    /** The latency SLO's name. */
    public static final String LATENCY = "latency";

    private static final List<String> SERIES = List.of(Series.HTTP_REQUESTS, Series.HTTP_5XX, Series.HTTP_SLOW);

    private final MinuteSeriesRepository store;
    private final SloSettings settings;
    private final Clock clock;

    ServiceLevels(MinuteSeriesRepository store, SloSettings settings, Clock clock) {
        this.store = store;
        this.settings = settings;
        this.clock = clock;
    }

    /** Both SLOs now; {@code withBurnDown} adds the hourly budget consumption (for pages, not alert rounds). */
    public List<Slo> statuses(boolean withBurnDown) {
        Instant now = clock.instant();
        // Up to the end of the current minute: it is still filling, but what it holds counts.
        Instant end = now.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
        List<Instant> starts = new ArrayList<>();
        BurnRates.WINDOWS.forEach(w -> starts.add(end.minus(w)));
        starts.add(end.minus(settings.window()));
        Map<String, long[]> sums = store.sums(SERIES, starts, end);
        Map<String, Map<Instant, Long>> hours =
                withBurnDown ? store.hours(SERIES, end.minus(settings.window()), end) : Map.of();
        return List.of(
                slo(
                        AVAILABILITY,
                        "Share of API and webhook answers that are not 5xx",
                        settings.availabilityObjective(),
                        Series.HTTP_5XX,
                        sums,
                        hours,
                        end),
                slo(
                        LATENCY,
                        "Share of API and webhook answers faster than "
                                + settings.latencyThreshold().toMillis() + " ms",
                        settings.latencyObjective(),
                        Series.HTTP_SLOW,
                        sums,
                        hours,
                        end));
    }

    private Slo slo(
            String name,
            String description,
            double objective,
            String badSeries,
            Map<String, long[]> sums,
            Map<String, Map<Instant, Long>> hours,
            Instant end) {
        long[] totals = sums.get(Series.HTTP_REQUESTS);
        long[] bads = sums.get(badSeries);
        List<Burn> burns = new ArrayList<>();
        for (int i = 0; i < BurnRates.WINDOWS.size(); i++) {
            burns.add(new Burn(
                    BurnRates.label(BurnRates.WINDOWS.get(i)),
                    totals[i],
                    bads[i],
                    BurnRates.burnRate(bads[i], totals[i], objective)));
        }
        int whole = BurnRates.WINDOWS.size();
        long total = totals[whole];
        long bad = Math.min(bads[whole], total);
        double allowed = (1 - objective) * total;
        double budgetLeft = total == 0 ? 1 : 1 - bad / allowed;
        double windowMinutes = settings.window().toMinutes();
        Set<String> firing = new LinkedHashSet<>();
        for (BurnRates.Condition condition : BurnRates.CONDITIONS) {
            Burn longWindow = burn(burns, condition.longWindow());
            if (longWindow.total() >= settings.minRequests()
                    && longWindow.rate() >= condition.factor()
                    && burn(burns, condition.shortWindow()).rate() >= condition.factor()) {
                firing.add(condition.urgency());
            }
        }
        return new Slo(
                name,
                description,
                objective,
                BurnRates.label(settings.window()),
                total == 0 ? 1 : (double) (total - bad) / total,
                total,
                bad,
                budgetLeft,
                budgetLeft * (1 - objective) * windowMinutes,
                (long) Math.floor(allowed) - bad,
                burns,
                burnDown(hours, badSeries, allowed, end),
                List.copyOf(firing));
    }

    private static Burn burn(List<Burn> burns, Duration window) {
        String label = BurnRates.label(window);
        return burns.stream().filter(b -> b.window().equals(label)).findFirst().orElseThrow();
    }

    // The cumulative bad answers per hour over the budget the window's traffic so far allows.
    private List<BudgetPoint> burnDown(
            Map<String, Map<Instant, Long>> hours, String badSeries, double allowed, Instant end) {
        if (hours.isEmpty()) {
            return List.of();
        }
        Map<Instant, Long> bad = hours.get(badSeries);
        List<BudgetPoint> points = new ArrayList<>();
        Instant first = end.minus(settings.window()).truncatedTo(ChronoUnit.HOURS);
        long sum = 0;
        for (Instant hour = first; hour.isBefore(end); hour = hour.plus(Duration.ofHours(1))) {
            sum += bad.getOrDefault(hour, 0L);
            points.add(
                    new BudgetPoint(hour.plus(Duration.ofHours(1)), allowed == 0 ? (sum == 0 ? 0 : 1) : sum / allowed));
        }
        return points;
    }
}
