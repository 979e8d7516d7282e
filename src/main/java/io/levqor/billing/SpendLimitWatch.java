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
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Service;

/** Which spend limits are reached now, for the operator's alerts: the workspaces' daily limits and the platform's. */
@Service
public class SpendLimitWatch {

    /**
     * A workspace that spent a daily limit: its new runs are refused until {@code resetsAt} (its next midnight).
     *
     * @param limit {@link SpendLimitReached#DAILY_CREDITS} (amounts in credits) or
     *     {@link SpendLimitReached#DAILY_LLM_COST} (amounts in millionths of the LLM price table's currency)
     */
    public record WorkspaceAtLimit(
            WorkspaceId workspace, String limit, long dailyLimit, long spentToday, Instant resetsAt) {}

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

    /**
     * Workspaces at a daily limit today, each in its own time zone: the credit limit (only when billing is on: with
     * it off no credits are spent) and the LLM-cost limit (metered either way).
     */
    public List<WorkspaceAtLimit> workspaces() {
        Instant now = clock.instant();
        List<WorkspaceAtLimit> reached = new ArrayList<>();
        if (billing.enabled()) {
            costs.workspacesAtCreditLimitForOperator(now, guard.defaultDailyCredits(), Admission.RUN_COST)
                    .forEach(w -> reached.add(atLimit(w, SpendLimitReached.DAILY_CREDITS, now)));
        }
        costs.workspacesAtLlmCostLimitForOperator(now, guard.defaultDailyLlmCostMicros())
                .forEach(w -> reached.add(atLimit(w, SpendLimitReached.DAILY_LLM_COST, now)));
        return reached;
    }

    private static WorkspaceAtLimit atLimit(CostRepository.WorkspaceAtLimit row, String limit, Instant now) {
        ZoneId zone = SpendLimits.zone(row.timeZone());
        Instant resets =
                LocalDate.ofInstant(now, zone).plusDays(1).atStartOfDay(zone).toInstant();
        return new WorkspaceAtLimit(row.workspace(), limit, row.limit(), row.spent(), resets);
    }

    /** The platform's limit and today's costs, read now (not from the step path's snapshot). */
    public PlatformSpendView platform() {
        return platform.view();
    }
}
