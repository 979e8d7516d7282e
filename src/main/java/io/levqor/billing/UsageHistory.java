package io.levqor.billing;

import io.levqor.billing.jdbc.BillingReports;
import io.levqor.shared.WorkspaceId;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;

/** A workspace's usage per UTC day, summed from the whole credit ledger (not from one page of it). */
@Service
public class UsageHistory {

    /** Runs charged and credits used on one UTC day. */
    public record UsageDay(LocalDate day, long runs, long credits) {}

    private final BillingReports reports;
    private final Clock clock;

    UsageHistory(BillingReports reports, Clock clock) {
        this.reports = reports;
        this.clock = clock;
    }

    /** The last {@code days} UTC days up to today, oldest first, days without debits as zero. */
    public List<UsageDay> lastDays(WorkspaceId workspace, int days) {
        int span = Math.max(1, Math.min(days, 366));
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        LocalDate first = today.minusDays(span - 1L);
        Map<LocalDate, BillingReports.UsageDayRow> found = new HashMap<>();
        for (var row : reports.usagePerDay(
                workspace, first.atStartOfDay(ZoneOffset.UTC).toInstant())) {
            found.put(row.day(), row);
        }
        List<UsageDay> result = new ArrayList<>(span);
        for (LocalDate day = first; !day.isAfter(today); day = day.plusDays(1)) {
            var row = found.get(day);
            result.add(row == null ? new UsageDay(day, 0, 0) : new UsageDay(day, row.runs(), row.credits()));
        }
        return result;
    }
}
