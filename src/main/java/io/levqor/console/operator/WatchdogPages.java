package io.levqor.console.operator;

import io.levqor.console.security.ConsoleSession.Signed;
import io.levqor.identity.OperatorDirectory;
import io.levqor.ops.Watchdogs;
import io.levqor.ops.Watchdogs.Anomaly;
import io.levqor.ops.Watchdogs.BudgetPoint;
import io.levqor.ops.Watchdogs.Point;
import io.levqor.ops.Watchdogs.Slo;
import io.levqor.shared.ProblemException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The operator's SLO and anomaly pages: figures and inline SVG charts drawn on the server, so they need no script.
 * Everyone but the operator gets a 404.
 */
@Controller
class WatchdogPages {

    static final int WIDTH = 600;
    static final int HEIGHT = 160;

    private final OperatorDirectory directory;
    private final Watchdogs watchdogs;

    WatchdogPages(OperatorDirectory directory, Watchdogs watchdogs) {
        this.directory = directory;
        this.watchdogs = watchdogs;
    }

    /** An SLO as the page shows it: figures formatted, the burn-down as SVG points. */
    record SloLine(
            Slo slo,
            String objective,
            String sli,
            String budgetLeft,
            String minutesLeft,
            List<String> burnRates,
            String consumed,
            String steady,
            String exhausted,
            String scale) {}

    /** A series as the page shows it: figures formatted, the values and band as SVG points. */
    record AnomalyLine(Anomaly anomaly, String current, String band, String values, String bandArea, String scale) {}

    @GetMapping("/console/operator/slo")
    String slos(Signed signed, Model model) {
        requireOperator(signed, "/console/operator/slo");
        model.addAttribute(
                "slos", watchdogs.slos().stream().map(WatchdogPages::line).toList());
        return "console/operator/slo";
    }

    @GetMapping("/console/operator/anomalies")
    String anomalies(Signed signed, Model model) {
        requireOperator(signed, "/console/operator/anomalies");
        model.addAttribute(
                "anomalies",
                watchdogs.anomalies().stream().map(WatchdogPages::line).toList());
        return "console/operator/anomalies";
    }

    static SloLine line(Slo slo) {
        List<BudgetPoint> points = slo.burnDown();
        // The chart's top is 100 % of the budget, or the most consumed when it was overspent.
        double top = Math.max(
                1, points.stream().mapToDouble(BudgetPoint::consumed).max().orElse(0));
        List<double[]> xy = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            xy.add(new double[] {i, points.get(i).consumed()});
        }
        int last = Math.max(1, points.size() - 1);
        return new SloLine(
                slo,
                percent(slo.objective()),
                percent(slo.sli()),
                String.format(Locale.ROOT, "%.1f %%", slo.budgetLeft() * 100),
                String.format(Locale.ROOT, "%.1f", slo.budgetMinutesLeft()),
                slo.burnRates().stream()
                        .map(b -> b.window() + ": " + String.format(Locale.ROOT, "%.2f×", b.rate()))
                        .toList(),
                svgPoints(xy, last, top),
                // Burning at exactly 1× spends the budget evenly: the diagonal.
                svgPoints(List.of(new double[] {0, 0}, new double[] {last, 1}), last, top),
                svgPoints(List.of(new double[] {0, 1}, new double[] {last, 1}), last, top),
                String.format(Locale.ROOT, "%.0f %%", top * 100));
    }

    static AnomalyLine line(Anomaly anomaly) {
        List<Point> points = anomaly.points();
        double top = 1;
        for (Point p : points) {
            top = Math.max(top, Math.max(p.value(), p.upper()));
        }
        top *= 1.1;
        List<double[]> values = new ArrayList<>();
        List<double[]> area = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            values.add(new double[] {i, points.get(i).value()});
            area.add(new double[] {i, points.get(i).upper()});
        }
        for (int i = points.size() - 1; i >= 0; i--) {
            area.add(new double[] {i, points.get(i).lower()});
        }
        int last = Math.max(1, points.size() - 1);
        return new AnomalyLine(
                anomaly,
                String.format(Locale.ROOT, "%.1f", anomaly.current()),
                String.format(Locale.ROOT, "%.1f–%.1f (mean %.1f)", anomaly.lower(), anomaly.upper(), anomaly.mean()),
                svgPoints(values, last, top),
                svgPoints(area, last, top),
                String.format(Locale.ROOT, "%.0f", top));
    }

    // x from 0 to lastX across the width, y from 0 to top up the height.
    private static String svgPoints(List<double[]> xy, int lastX, double top) {
        StringBuilder points = new StringBuilder();
        for (double[] p : xy) {
            double x = p[0] * WIDTH / lastX;
            double y = HEIGHT - Math.max(0, Math.min(p[1], top)) * HEIGHT / top;
            points.append(points.isEmpty() ? "" : " ").append(String.format(Locale.ROOT, "%.1f,%.1f", x, y));
        }
        return points.toString();
    }

    private static String percent(double share) {
        return BigDecimal.valueOf(share * 100)
                        .round(new java.math.MathContext(5))
                        .stripTrailingZeros()
                        .toPlainString()
                + " %";
    }

    private void requireOperator(Signed signed, String path) {
        if (!directory.isOperator(signed.user().user())) {
            throw new ProblemException(
                    HttpStatus.NOT_FOUND, "not-found", "Not found", "There is no page at " + path + ".");
        }
    }
}
