package io.levqor.ops.slo;

import java.time.Duration;
import java.util.List;

/**
 * The error-budget arithmetic of the Google SRE workbook ("Alerting on SLOs", multiwindow, multi-burn-rate alerts).
 * A burn rate is how fast the budget goes: 1 spends exactly the whole budget over the SLO window.
 */
public final class BurnRates {

    /**
     * One alert condition: fires when the burn rate over both the long and the short window is at least
     * {@code factor}; the short window makes it stop soon after the burning does.
     */
    public record Condition(
            String urgency, String severity, Duration longWindow, Duration shortWindow, double factor) {}

    /** The workbook's table: page at 14.4× over 1 h and 5 min, 6× over 6 h and 30 min; ticket at 1× over 3 d and 6 h. */
    public static final List<Condition> CONDITIONS = List.of(
            new Condition("page", "critical", Duration.ofHours(1), Duration.ofMinutes(5), 14.4),
            new Condition("page", "critical", Duration.ofHours(6), Duration.ofMinutes(30), 6),
            new Condition("ticket", "warning", Duration.ofDays(3), Duration.ofHours(6), 1));

    /** Every window a condition looks at, shortest first. */
    public static final List<Duration> WINDOWS = List.of(
            Duration.ofMinutes(5),
            Duration.ofMinutes(30),
            Duration.ofHours(1),
            Duration.ofHours(6),
            Duration.ofDays(3));

    private BurnRates() {}

    /** The burn rate of {@code bad} out of {@code total} answers against the objective; 0 without answers. */
    public static double burnRate(long bad, long total, double objective) {
        if (total <= 0) {
            return 0;
        }
        return ((double) bad / total) / (1 - objective);
    }

    /** The share of the whole window's budget spent by burning at {@code burnRate} for {@code during}. */
    public static double budgetConsumed(double burnRate, Duration during, Duration sloWindow) {
        return burnRate * during.toSeconds() / sloWindow.toSeconds();
    }

    /** The burn rate that spends {@code budgetShare} of the window's budget in {@code during}. */
    public static double burnRateFor(double budgetShare, Duration during, Duration sloWindow) {
        return budgetShare * sloWindow.toSeconds() / during.toSeconds();
    }

    /** A short name for a window, as labels and pages show it: {@code 5m}, {@code 1h}, {@code 3d}. */
    public static String label(Duration window) {
        if (window.toDays() > 0 && window.equals(Duration.ofDays(window.toDays()))) {
            return window.toDays() + "d";
        }
        if (window.toHours() > 0 && window.equals(Duration.ofHours(window.toHours()))) {
            return window.toHours() + "h";
        }
        return window.toMinutes() + "m";
    }
}
