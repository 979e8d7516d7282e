package io.levqor.billing.internal;

import io.levqor.billing.CreditKind;
import io.levqor.billing.CreditsGranted;
import io.levqor.billing.Plans;
import io.levqor.billing.jdbc.AccountRepository;
import io.levqor.billing.jdbc.CreditLedger;
import io.levqor.shared.WorkspaceId;
import java.time.Instant;
import java.util.OptionalLong;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Every change of a balance goes through here: the account row is locked, the reference checked, the cached
 * balance moved and the line appended, all in one transaction (the caller's, if it has one).
 */
@Component
public class LedgerPostings {

    /** Reference of the free plan's one-time grant. */
    public static final String SIGNUP_REFERENCE = "signup";

    /** What a clawback took, and what it could not take because the credits were spent. */
    public record Taken(long taken, long shortfall, long balanceAfter) {}

    private final AccountRepository accounts;
    private final CreditLedger ledger;
    private final Plans plans;
    private final ApplicationEventPublisher events;

    public LedgerPostings(
            AccountRepository accounts, CreditLedger ledger, Plans plans, ApplicationEventPublisher events) {
        this.accounts = accounts;
        this.ledger = ledger;
        this.plans = plans;
        this.events = events;
    }

    /** Creates the workspace's account on the free plan, with its signup credits, unless it exists. */
    @Transactional
    public void ensureAccount(WorkspaceId workspace, Instant now) {
        if (accounts.create(workspace, plans.free().id(), now)) {
            long credits = plans.free().signupCredits();
            if (credits > 0) {
                grant(workspace, CreditKind.GRANT, credits, SIGNUP_REFERENCE, now);
            }
        }
    }

    /** Adds credits once per reference; empty when the reference was posted before. */
    @Transactional
    public OptionalLong grant(WorkspaceId workspace, CreditKind kind, long credits, String reference, Instant now) {
        if (credits <= 0) {
            throw new IllegalArgumentException("a grant adds credits: " + credits);
        }
        accounts.create(workspace, plans.free().id(), now);
        accounts.lockBalance(workspace);
        if (ledger.hasReference(workspace, reference)) {
            return OptionalLong.empty();
        }
        long after = ledger.credit(workspace, credits, now);
        appendUnderLock(workspace, kind, credits, after, 0, reference, now);
        events.publishEvent(new CreditsGranted(workspace, credits, kind.dbName(), reference, after, now));
        return OptionalLong.of(after);
    }

    /**
     * Takes back up to {@code credits} once per reference, never below zero: what is missing is recorded on the
     * line as its shortfall. Empty when the reference was posted before.
     */
    @Transactional
    public java.util.Optional<Taken> takeBack(
            WorkspaceId workspace, CreditKind kind, long credits, String reference, Instant now) {
        if (credits < 0) {
            throw new IllegalArgumentException("a clawback takes credits: " + credits);
        }
        accounts.create(workspace, plans.free().id(), now);
        long balance = accounts.lockBalance(workspace);
        if (ledger.hasReference(workspace, reference)) {
            return java.util.Optional.empty();
        }
        long taken = Math.min(balance, credits);
        long after = taken > 0 ? ledger.take(workspace, taken, now) : balance;
        appendUnderLock(workspace, kind, -taken, after, credits - taken, reference, now);
        return java.util.Optional.of(new Taken(taken, credits - taken, after));
    }

    private void appendUnderLock(
            WorkspaceId workspace,
            CreditKind kind,
            long amount,
            long after,
            long shortfall,
            String reference,
            Instant now) {
        // The row lock is held and the reference was absent, so the insert cannot meet a duplicate.
        if (!ledger.append(workspace, kind, amount, after, shortfall, reference, now)) {
            throw new IllegalStateException("ledger reference " + reference + " appeared under the row lock");
        }
    }
}
