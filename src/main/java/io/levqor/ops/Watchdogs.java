package io.levqor.ops;

import io.levqor.ops.anomaly.AnomalyDetection;
import io.levqor.ops.slo.ServiceLevels;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * The SLO watchdog's and anomaly detection's figures for the operator (the admin API and the console). Nothing a
 * workspace member can reach may call this; the caller checks that the user is the operator.
 */
@Service
public class Watchdogs {

    /**
     * One SLO over its window.
     *
     * @param objective the share of answers that must be good, e.g. 0.999
     * @param window the SLO window, e.g. {@code 30d}
     * @param sli the share of good answers in the window (1 without answers)
     * @param budgetLeft the share of the window's error budget left (negative once overspent)
     * @param budgetMinutesLeft the budget left as minutes of total outage: {@code budgetLeft × (1 − objective) ×
     *     window}
     * @param budgetRequestsLeft bad answers the window can still take at its traffic so far
     * @param burnRates the burn rate over each alert window, shortest first
     * @param burnDown the share of the budget consumed since the window began, per hour (oldest first)
     * @param firing the urgencies ({@code page}, {@code ticket}) whose burn-rate alert conditions hold now
     */
    public record Slo(
            String name,
            String description,
            double objective,
            String window,
            double sli,
            long total,
            long bad,
            double budgetLeft,
            double budgetMinutesLeft,
            long budgetRequestsLeft,
            List<Burn> burnRates,
            List<BudgetPoint> burnDown,
            List<String> firing) {}

    /** The burn rate over one window: 1 spends the whole budget in the SLO window. */
    public record Burn(String window, long total, long bad, double rate) {}

    /** The share of the error budget consumed from the window's start up to the end of the hour {@code at}. */
    public record BudgetPoint(Instant at, double consumed) {}

    /**
     * One watched series against its baseline (the same hour of the week over past weeks).
     *
     * @param state {@code normal}, {@code spike}, {@code drop}, {@code quiet} (beyond the band but below the minimum
     *     volume) or {@code learning} (no baseline week yet)
     * @param current the mean per minute over the recent window
     * @param mean the baseline's mean per minute
     * @param lower the band's lower edge per minute ({@code mean − sigmas × σ}, at least 0)
     * @param upper the band's upper edge per minute
     * @param recentCount the count over the recent window
     * @param minVolume the least count over the recent window (or expected there, for a drop) that may alert
     * @param baselineWeeks the past weeks the baseline was taken from
     * @param points the last hours per minute, each with the band of its hour
     */
    public record Anomaly(
            String series,
            String description,
            String state,
            double current,
            double mean,
            double lower,
            double upper,
            long recentCount,
            long minVolume,
            int baselineWeeks,
            List<Point> points) {}

    /** One minute of a series and its hour's band. */
    public record Point(Instant at, long value, double lower, double upper) {}

    private final ServiceLevels slos;
    private final AnomalyDetection anomalies;

    Watchdogs(ServiceLevels slos, AnomalyDetection anomalies) {
        this.slos = slos;
        this.anomalies = anomalies;
    }

    /** Each SLO with its budget, burn rates and burn-down. */
    public List<Slo> slos() {
        return slos.statuses(true);
    }

    /** Each watched series with its current value and band. */
    public List<Anomaly> anomalies() {
        return anomalies.assess(true);
    }
}
