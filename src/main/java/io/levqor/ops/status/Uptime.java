package io.levqor.ops.status;

import io.levqor.ops.status.jdbc.ProbeRepository.DayRow;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Uptime from the minute probes: a minute is up unless its component was in an outage (degraded is slow, not down).
 * Percentages are rounded down to two decimals, so that a day with one minute down never reads 100 %.
 */
public final class Uptime {

    /** How many days the page shows, today included. */
    public static final int DAYS = 90;

    /**
     * One day's bar.
     *
     * @param state the worst state probed that day, or {@code none} when no probe was recorded
     * @param percent null without probes
     */
    public record Day(
            LocalDate date,
            String state,
            int probes,
            int degraded,
            int outage,
            @Nullable Double percent) {}

    /** A component's bars, oldest first, and its uptime over every probed minute of them (null without any). */
    public record Bars(@Nullable Double percent, List<Day> days) {}

    private Uptime() {}

    /** The {@link #DAYS} days up to {@code today} for one component, from its day rows (others are ignored). */
    public static Bars of(String component, LocalDate today, List<DayRow> rows) {
        Map<LocalDate, DayRow> byDay = new HashMap<>();
        for (DayRow row : rows) {
            if (row.component().equals(component)) {
                byDay.put(row.day(), row);
            }
        }
        List<Day> days = new ArrayList<>(DAYS);
        long probes = 0;
        long outage = 0;
        for (LocalDate date = today.minusDays(DAYS - 1); !date.isAfter(today); date = date.plusDays(1)) {
            DayRow row = byDay.get(date);
            if (row == null || row.probes() == 0) {
                days.add(new Day(date, "none", 0, 0, 0, null));
                continue;
            }
            probes += row.probes();
            outage += row.outage();
            String state = row.outage() > 0
                    ? ComponentState.OUTAGE.apiName()
                    : row.degraded() > 0 ? ComponentState.DEGRADED.apiName() : ComponentState.OPERATIONAL.apiName();
            days.add(new Day(
                    date, state, row.probes(), row.degraded(), row.outage(), percent(row.probes(), row.outage())));
        }
        return new Bars(probes == 0 ? null : percent(probes, outage), days);
    }

    /** The share of minutes up, in percent, rounded down to two decimals; null when nothing was probed. */
    public static @Nullable Double percent(long probes, long outage) {
        if (probes <= 0) {
            return null;
        }
        return BigDecimal.valueOf(probes - outage)
                .multiply(BigDecimal.valueOf(100))
                .divide(BigDecimal.valueOf(probes), 2, RoundingMode.DOWN)
                .doubleValue();
    }
}
