package io.levqor.billing.internal;

import io.levqor.billing.CreditKind;
import io.levqor.billing.LlmSpendGate;
import io.levqor.billing.Plan;
import io.levqor.billing.Plans;
import io.levqor.billing.QuotaExceeded;
import io.levqor.billing.SpendLimitReached;
import io.levqor.billing.jdbc.AccountRepository;
import io.levqor.billing.jdbc.CreditLedger;
import io.levqor.billing.jdbc.RunCounter;
import io.levqor.shared.WorkspaceId;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** The checks and the charge behind {@code RunAdmission}; runs inside a savepoint of the caller's transaction. */
@Component
public class Admission {

    /** What one run costs (per step type later). */
    public static final long RUN_COST = 1;

    /** Thrown inside the savepoint when this run was charged before: the savepoint's changes are undone. */
    public static final class AlreadyCharged extends RuntimeException {
        AlreadyCharged() {
            super(null, null, false, false);
        }
    }

    private final AccountRepository accounts;
    private final CreditLedger ledger;
    private final RunCounter counter;
    private final Plans plans;
    private final SpendLimits spendLimits;
    private final LlmSpendGate llmGate;

    public Admission(
            AccountRepository accounts,
            CreditLedger ledger,
            RunCounter counter,
            Plans plans,
            SpendLimits spendLimits,
            LlmSpendGate llmGate) {
        this.llmGate = llmGate;
        this.accounts = accounts;
        this.ledger = ledger;
        this.counter = counter;
        this.plans = plans;
        this.spendLimits = spendLimits;
    }

    public static String reference(UUID runId) {
        return "run:" + runId;
    }

    /**
     * Counts the run against the daily cap and the daily spend limit and debits its credit, or throws
     * {@link QuotaExceeded} or {@link SpendLimitReached}.
     */
    public void charge(WorkspaceId workspace, UUID runId, Instant now) {
        String reference = reference(runId);
        if (ledger.hasReference(workspace, reference)) {
            throw new AlreadyCharged();
        }
        var account = accounts.find(workspace)
                .orElseThrow(() -> new IllegalStateException("no billing account for workspace " + workspace));
        Plan plan = plans.orFree(account.plan());
        // The workspace's day: midnight in its time zone starts the run cap, the credit and the LLM-cost limits.
        LocalDate day = SpendLimits.day(account, now);
        llmGate.check(workspace, account, 0, RUN_COST, now);
        Integer cap = plan.dailyRunCap();
        int runCap = cap == null ? Integer.MAX_VALUE : cap;
        // Spending is counted whether or not a limit applies, so that a limit set during the day sees the day's runs.
        Long spendLimit = spendLimits.effective(account);
        long creditLimit = spendLimit == null ? Long.MAX_VALUE : spendLimit;
        if (!counter.countAndSpendWithin(workspace, day, runCap, RUN_COST, creditLimit)) {
            RunCounter.Day today = counter.day(workspace, day);
            if (today.runs() >= runCap) {
                throw QuotaExceeded.dailyCap(workspace, plan, today.runs(), lifting(plan, p -> p.liftsDailyCap(cap)));
            }
            throw new SpendLimitReached(workspace, spendLimits.view(account, today.credits(), RUN_COST, now));
        }
        OptionalLong after = ledger.debit(workspace, RUN_COST, now);
        if (after.isEmpty()) {
            long balance = accounts.find(workspace).map(a -> a.balance()).orElse(0L);
            throw QuotaExceeded.credits(
                    workspace, plan, balance, RUN_COST, lifting(plan, p -> p.monthlyCredits() >= RUN_COST));
        }
        if (!ledger.append(workspace, CreditKind.RUN, -RUN_COST, after.getAsLong(), 0, reference, now)) {
            // the same run id admitted concurrently: the other transaction charged it
            throw new AlreadyCharged();
        }
    }

    private List<Plan> lifting(Plan current, java.util.function.Predicate<Plan> lifts) {
        return plans.all().stream()
                .filter(Plan::isPaid)
                .filter(p -> !p.id().equals(current.id()))
                .filter(lifts)
                .toList();
    }
}
