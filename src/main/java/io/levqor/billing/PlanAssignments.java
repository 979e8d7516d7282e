package io.levqor.billing;

import io.levqor.billing.internal.LedgerPostings;
import io.levqor.billing.jdbc.AccountRepository;
import io.levqor.shared.ValidationFailed;
import io.levqor.shared.WorkspaceId;
import java.time.Clock;
import java.time.Instant;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Puts a workspace on a plan without a payment: the operator's complimentary plans (partners, the operator's
 * own teams) and test set-ups. A later subscription event replaces the plan as usual.
 */
@Service
public class PlanAssignments {

    private final Plans plans;
    private final LedgerPostings postings;
    private final AccountRepository accounts;
    private final Clock clock;

    public PlanAssignments(Plans plans, LedgerPostings postings, AccountRepository accounts, Clock clock) {
        this.plans = plans;
        this.postings = postings;
        this.accounts = accounts;
        this.clock = clock;
    }

    /**
     * Moves the workspace to {@code planId} and grants the plan's monthly credits once per {@code reference}
     * (assigning again with the same reference grants nothing more).
     */
    @Transactional
    public Plan assign(WorkspaceId workspace, String planId, String reference) {
        Plan plan = plans.find(planId).orElseThrow(() -> ValidationFailed.of("plan", "is not a configured plan"));
        Instant now = clock.instant();
        postings.ensureAccount(workspace, now);
        accounts.setPlan(workspace, plan.id(), now);
        if (plan.monthlyCredits() > 0) {
            postings.grant(
                    workspace,
                    CreditKind.ADJUSTMENT,
                    plan.monthlyCredits(),
                    "assigned:" + plan.id() + ":" + reference,
                    now);
        }
        return plan;
    }
}
