package io.levqor.billing;

import io.levqor.billing.internal.Admission;
import io.levqor.billing.internal.BillingSettings;
import io.levqor.billing.internal.SpendGuardSettings;
import io.levqor.billing.internal.SpendLimits;
import io.levqor.billing.jdbc.CostRepository;
import io.levqor.shared.WorkspaceId;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.stereotype.Service;

/** Which spend limits are reached now, for the operator's alerts: the workspaces' daily limits and the platform's. */
@Service
public class SpendLimitWatch {

    /**
     * A workspace that spent its daily credit limit: its new runs are refused until {@code resetsAt}.
     *
     * @param limit {@link SpendLimitReached#DAILY_CREDITS}
     */
    public record WorkspaceAtLimit(
            WorkspaceId workspace, String limit, long dailyCredits, long spentToday, Instant resetsAt) {}

    private final BillingSettings billing;
    private final SpendGuardSettings guard;
    private final CostRepository costs;
    private final PlatformSpendLimit platform;
    private final Clock clock;

    SpendLimitWatch(
            BillingSettings billing,
            SpendGuardSettings guard,
            CostRepository costs,
            PlatformSpendLimit platform,
            Clock clock) {
        this.billing = billing;
        this.guard = guard;
        this.costs = costs;
        this.platform = platform;
        this.clock = clock;
    }

    /** Workspaces at their daily credit limit today (UTC); none when billing is off (no credits are spent). */
    public List<WorkspaceAtLimit> workspaces() {
        if (!billing.enabled()) {
            return List.of();
        }
        LocalDate day = SpendLimits.day(clock.instant());
        Instant resets = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        return costs.workspacesAtCreditLimitForOperator(day, guard.defaultDailyCredits(), Admission.RUN_COST).stream()
                .map(w -> new WorkspaceAtLimit(
                        w.workspace(), SpendLimitReached.DAILY_CREDITS, w.limit(), w.spent(), resets))
                .toList();
    }

    /** The platform's limit and today's costs, read now (not from the step path's snapshot). */
    public PlatformSpendView platform() {
        return platform.view();
    }
}
