package io.levqor.analytics;

import io.levqor.analytics.jdbc.FunnelQuery;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * Funnels over product events with PostHog's ordered semantics: a unit enters at its first occurrence of step 1 in
 * {@code [from, to)}; each later step counts at its first occurrence at or after the previous step's, and no later
 * than {@code window} after step 1. One SQL statement computes every step (FunnelQuery).
 */
@Service
public class Funnels {

    /** What a funnel counts. */
    public enum Unit {
        WORKSPACE,
        USER
    }

    private final FunnelQuery query;

    Funnels(FunnelQuery query) {
        this.query = query;
    }

    /** The funnel of {@code steps} (2 to 10 distinct event names, checked by the caller). */
    public Funnel funnel(List<String> steps, Duration window, Instant from, Instant to, Unit by) {
        List<FunnelQuery.Row> rows = query.run(steps, window, from, to, by == Unit.USER);
        List<Funnel.Step> out = new ArrayList<>(steps.size());
        long first = rows.getFirst().people();
        long previous = first;
        for (int i = 0; i < steps.size(); i++) {
            FunnelQuery.Row row = rows.get(i);
            out.add(new Funnel.Step(
                    i + 1,
                    steps.get(i),
                    row.people(),
                    i == 0 ? BigDecimal.ONE.setScale(4) : share(row.people(), previous),
                    i == 0 ? BigDecimal.ONE.setScale(4) : share(row.people(), first),
                    i == 0 ? null : row.medianSeconds()));
            previous = row.people();
        }
        return new Funnel(from, to, window.toString(), by.name().toLowerCase(java.util.Locale.ROOT), out);
    }

    private static BigDecimal share(long part, long whole) {
        return whole == 0
                ? BigDecimal.ZERO.setScale(4)
                : BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), 4, RoundingMode.HALF_UP);
    }
}
