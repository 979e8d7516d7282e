package io.levqor.billing;

import io.levqor.billing.internal.LedgerPostings;
import io.levqor.billing.jdbc.AccountRepository;
import io.levqor.billing.jdbc.CreditLedger;
import io.levqor.identity.AuditTrail;
import io.levqor.identity.WorkspaceSuspensions;
import io.levqor.shared.Caller;
import io.levqor.shared.Ids;
import io.levqor.shared.ProblemException;
import io.levqor.shared.ValidationFailed;
import io.levqor.shared.WorkspaceId;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The platform operator's hand on a workspace's billing: assign a plan, grant or remove credits, cap its daily
 * spending. Every change goes through the credit ledger where credits move and is audited in the workspace's and
 * the operator's log. Callers check that the caller is the operator.
 */
@Service
public class OperatorAdjustments {

    /** Largest credit adjustment in one call, either way. */
    public static final long MAX_ADJUSTMENT = 100_000_000L;

    /** Longest Idempotency-Key, as elsewhere in the API. */
    public static final int MAX_KEY_LENGTH = 255;

    /**
     * The outcome of a plan assignment.
     *
     * @param previousPlan the plan before
     * @param creditsGranted the plan's monthly credits granted now (0 when not asked for, or granted before under the
     *     same Idempotency-Key)
     * @param providerSubscription a live provider subscription, kept: its next event sets the plan again
     */
    public record PlanChange(
            String plan,
            String previousPlan,
            long creditsGranted,
            long balance,
            @Nullable SubscriptionView providerSubscription) {}

    /**
     * The outcome of a credit adjustment.
     *
     * @param credits what was asked: positive grants, negative removes
     * @param applied what moved the balance (a removal never takes the balance below zero)
     * @param shortfall what a removal could not take because the credits were spent
     * @param reference the ledger line's reference
     * @param replayed true when this Idempotency-Key was applied before: nothing moved this time
     */
    public record CreditAdjustment(
            long credits, long applied, long shortfall, long balance, String reference, boolean replayed) {}

    private final Plans plans;
    private final PlanAssignments assignments;
    private final Subscriptions subscriptions;
    private final LedgerPostings postings;
    private final AccountRepository accounts;
    private final CreditLedger ledger;
    private final WorkspaceSuspensions workspaces;
    private final AuditTrail audit;
    private final Clock clock;

    OperatorAdjustments(
            Plans plans,
            PlanAssignments assignments,
            Subscriptions subscriptions,
            LedgerPostings postings,
            AccountRepository accounts,
            CreditLedger ledger,
            WorkspaceSuspensions workspaces,
            AuditTrail audit,
            Clock clock) {
        this.plans = plans;
        this.assignments = assignments;
        this.subscriptions = subscriptions;
        this.postings = postings;
        this.accounts = accounts;
        this.ledger = ledger;
        this.workspaces = workspaces;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Puts the workspace on {@code planId} without a payment. A live provider subscription is not cancelled at the
     * provider (it keeps billing, and its next event sets its own plan again), so the operator must say so with
     * {@code keepProviderSubscription}; else 409. With {@code grantCredits} the plan's monthly credits are granted
     * once per Idempotency-Key.
     */
    @Transactional
    public PlanChange assignPlan(
            Caller operator,
            WorkspaceId workspace,
            @Nullable String planId,
            @Nullable String reason,
            boolean keepProviderSubscription,
            boolean grantCredits,
            @Nullable String idempotencyKey) {
        String why = WorkspaceSuspensions.requireReason(reason);
        if (planId == null || planId.isBlank()) {
            throw ValidationFailed.of("plan", "is required");
        }
        Plan plan = plans.find(planId).orElseThrow(() -> ValidationFailed.of("plan", "is not a configured plan"));
        String key = key(idempotencyKey);
        requireWorkspace(workspace);
        Instant now = clock.instant();
        postings.ensureAccount(workspace, now);
        String previous = accounts.find(workspace).orElseThrow().plan();
        SubscriptionView live = subscriptions
                .current(workspace)
                .filter(s -> s.state().grantsPlan())
                .orElse(null);
        if (live != null && !keepProviderSubscription) {
            throw ProblemException.conflict(
                    "The workspace has a " + live.state().apiName() + " " + live.provider()
                            + " subscription " + live.providerId() + " to the " + live.plan() + " plan. Levqor does not"
                            + " cancel it: the provider keeps billing it and its next event sets that plan again. Cancel it"
                            + " at the provider first, or send keepProviderSubscription: true to assign anyway.");
        }
        long granted = 0;
        if (grantCredits && plan.monthlyCredits() > 0) {
            String reference = "assigned:" + plan.id() + ":" + key;
            boolean before = ledger.hasReference(workspace, reference);
            assignments.assign(workspace, plan.id(), key);
            granted = before ? 0 : plan.monthlyCredits();
        } else {
            accounts.setPlan(workspace, plan.id(), now);
        }
        if (!previous.equals(plan.id()) || granted > 0) {
            audit.recordOperatorAction(
                    operator,
                    workspace,
                    "operator.plan-assigned",
                    "plan=" + plan.id() + " previous=" + previous + " credits=" + granted
                            + (live == null ? "" : " kept-subscription=" + live.provider() + ":" + live.providerId())
                            + " reason=" + why);
        }
        return new PlanChange(
                plan.id(),
                previous,
                granted,
                accounts.find(workspace).orElseThrow().balance(),
                live);
    }

    /**
     * Grants ({@code credits > 0}) or removes ({@code credits < 0}) credits as an {@code adjustment} ledger line. A
     * removal takes at most the balance and records the rest as shortfall. The same Idempotency-Key answers the
     * first outcome again without moving anything; with another amount it is a 422.
     */
    @Transactional
    public CreditAdjustment adjustCredits(
            Caller operator,
            WorkspaceId workspace,
            @Nullable Long credits,
            @Nullable String reason,
            @Nullable String idempotencyKey) {
        String why = WorkspaceSuspensions.requireReason(reason);
        if (credits == null || credits == 0) {
            throw ValidationFailed.of("credits", "is required and must not be 0: positive grants, negative removes");
        }
        if (Math.abs(credits) > MAX_ADJUSTMENT) {
            throw ValidationFailed.of("credits", "must be at most " + MAX_ADJUSTMENT + " either way");
        }
        String reference = "operator:" + key(idempotencyKey);
        requireWorkspace(workspace);
        Instant now = clock.instant();
        postings.ensureAccount(workspace, now);
        // Under the account's row lock a concurrent request with the same key waits here and then finds the line.
        long balance = accounts.lockBalance(workspace);
        Optional<LedgerEntry> earlier = ledger.findByReference(workspace, reference);
        if (earlier.isPresent()) {
            LedgerEntry line = earlier.get();
            long asked = line.amount() > 0 ? line.amount() : line.amount() - line.shortfall();
            if (asked != credits) {
                throw new ProblemException(
                        HttpStatus.UNPROCESSABLE_CONTENT,
                        "idempotency-key-reused",
                        "Idempotency key reused",
                        "This Idempotency-Key was used for a different adjustment (" + asked + " credits).");
            }
            return new CreditAdjustment(credits, line.amount(), line.shortfall(), balance, reference, true);
        }
        CreditAdjustment done;
        if (credits > 0) {
            long after = postings.grant(workspace, CreditKind.ADJUSTMENT, credits, reference, now)
                    .orElseThrow();
            done = new CreditAdjustment(credits, credits, 0, after, reference, false);
        } else {
            LedgerPostings.Taken taken = postings.takeBack(workspace, CreditKind.ADJUSTMENT, -credits, reference, now)
                    .orElseThrow();
            done = new CreditAdjustment(
                    credits, -taken.taken(), taken.shortfall(), taken.balanceAfter(), reference, false);
        }
        audit.recordOperatorAction(
                operator,
                workspace,
                credits > 0 ? "operator.credits-granted" : "operator.credits-removed",
                "credits=" + credits + " applied=" + done.applied() + " balance=" + done.balance() + " ledger="
                        + reference + " reason=" + why);
        return done;
    }

    private void requireWorkspace(WorkspaceId workspace) {
        if (!workspaces.exists(workspace)) {
            throw ProblemException.notFound("workspace", workspace.value());
        }
    }

    // Without a key each call is its own adjustment.
    private static String key(@Nullable String idempotencyKey) {
        if (idempotencyKey == null) {
            return Ids.newId().toString();
        }
        String stripped = idempotencyKey.strip();
        if (stripped.isEmpty()
                || stripped.length() > MAX_KEY_LENGTH
                || !stripped.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
            throw ValidationFailed.of(
                    "Idempotency-Key", "must be 1 to " + MAX_KEY_LENGTH + " visible ASCII characters");
        }
        return stripped;
    }
}
