package io.levqor.billing;

import io.levqor.billing.internal.BillingSettings;
import io.levqor.billing.internal.LedgerPostings;
import io.levqor.billing.internal.SpendLimits;
import io.levqor.billing.jdbc.AccountRepository;
import io.levqor.identity.AuditTrail;
import io.levqor.identity.WorkspaceSuspensions;
import io.levqor.shared.Caller;
import io.levqor.shared.ProblemException;
import io.levqor.shared.ValidationFailed;
import io.levqor.shared.WorkspaceId;
import java.time.Clock;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The daily spend guard on credits: the operator caps a workspace (else the configured default applies), the owner
 * may set a lower limit within that cap. {@link RunAdmission} refuses new runs once the day's credits are spent.
 * Both changes are audited.
 */
@Service
public class SpendGuard {

    /** Largest daily limit accepted. */
    public static final long MAX_DAILY_CREDITS = 1_000_000_000L;

    private final BillingSettings settings;
    private final Quotas quotas;
    private final SpendLimits limits;
    private final LedgerPostings postings;
    private final AccountRepository accounts;
    private final WorkspaceSuspensions workspaces;
    private final AuditTrail audit;
    private final Clock clock;

    SpendGuard(
            BillingSettings settings,
            Quotas quotas,
            SpendLimits limits,
            LedgerPostings postings,
            AccountRepository accounts,
            WorkspaceSuspensions workspaces,
            AuditTrail audit,
            Clock clock) {
        this.settings = settings;
        this.quotas = quotas;
        this.limits = limits;
        this.postings = postings;
        this.accounts = accounts;
        this.workspaces = workspaces;
        this.audit = audit;
        this.clock = clock;
    }

    /** The guard and today's spending; null when billing is off. */
    public @Nullable SpendGuardView view(WorkspaceId workspace) {
        return quotas.spendGuard(workspace);
    }

    /** The operator sets the workspace's cap; null returns it to the configured default. */
    @Transactional
    public @Nullable SpendGuardView setCap(Caller operator, WorkspaceId workspace, @Nullable Long dailyCredits) {
        check(dailyCredits);
        if (!workspaces.exists(workspace)) {
            throw ProblemException.notFound("workspace", workspace.value());
        }
        Instant now = clock.instant();
        postings.ensureAccount(workspace, now);
        Long before = accounts.find(workspace).orElseThrow().dailyCreditCap();
        accounts.setDailyCreditCap(workspace, dailyCredits, now);
        if (!java.util.Objects.equals(before, dailyCredits)) {
            audit.recordOperatorAction(
                    operator,
                    workspace,
                    "operator.spend-cap-changed",
                    "dailyCredits=" + describe(dailyCredits) + " previous=" + describe(before));
        }
        return view(workspace);
    }

    /** The owner sets the workspace's own limit, at most the cap; null removes it (the cap still applies). */
    @Transactional
    public @Nullable SpendGuardView setOwnerLimit(Caller owner, @Nullable Long dailyCredits) {
        check(dailyCredits);
        if (!settings.enabled()) {
            throw ProblemException.conflict("Billing is off on this Levqor: runs spend no credits to limit.");
        }
        WorkspaceId workspace = owner.workspace();
        Instant now = clock.instant();
        postings.ensureAccount(workspace, now);
        var account = accounts.find(workspace).orElseThrow();
        Long cap = limits.cap(account);
        if (dailyCredits != null && cap != null && dailyCredits > cap) {
            throw ValidationFailed.of(
                    "dailyCredits", "must be at most the operator's cap of " + cap + " credits a day");
        }
        accounts.setDailyCreditLimit(workspace, dailyCredits, now);
        if (!java.util.Objects.equals(account.dailyCreditLimit(), dailyCredits)) {
            audit.record(
                    owner,
                    "billing.spend-limit-changed",
                    "dailyCredits=" + describe(dailyCredits) + " previous=" + describe(account.dailyCreditLimit()));
        }
        return view(workspace);
    }

    private static void check(@Nullable Long dailyCredits) {
        if (dailyCredits != null && (dailyCredits < 1 || dailyCredits > MAX_DAILY_CREDITS)) {
            throw ValidationFailed.of(
                    "dailyCredits", "must be between 1 and " + MAX_DAILY_CREDITS + ", or null for no limit");
        }
    }

    private static String describe(@Nullable Long limit) {
        return limit == null ? "none" : Long.toString(limit);
    }
}
