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
 * The daily spend guard on credits and on LLM cost: the operator caps a workspace (else the configured default
 * applies), the owner may set a lower limit within that cap, and the owner sets the time zone whose midnight starts
 * the workspace's day. {@link RunAdmission} refuses new runs once the day's credits are spent or its LLM cost reached
 * the limit. Every change is audited.
 */
@Service
public class SpendGuard {

    /** Largest daily limit accepted. */
    public static final long MAX_DAILY_CREDITS = 1_000_000_000L;

    /** Largest daily LLM-cost limit accepted, in millionths (a million a day in the price table's currency). */
    public static final long MAX_DAILY_LLM_COST_MICROS = 1_000_000_000_000L;

    /**
     * One limit a request changes: {@code value} null removes it. A null {@code Change} leaves the limit as it is.
     */
    public record Change(@Nullable Long value) {}

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
        return setCaps(operator, workspace, new Change(dailyCredits), null);
    }

    /**
     * The operator sets the workspace's caps on credits and on LLM cost (each null {@link Change} left as it is, a
     * null value returning to the configured default). Raising a cap lets the next run in at once.
     */
    @Transactional
    public @Nullable SpendGuardView setCaps(
            Caller operator,
            WorkspaceId workspace,
            @Nullable Change dailyCredits,
            @Nullable Change dailyLlmCostMicros) {
        if (dailyCredits != null) {
            check(dailyCredits.value());
        }
        if (dailyLlmCostMicros != null) {
            checkLlm(dailyLlmCostMicros.value());
        }
        if (!workspaces.exists(workspace)) {
            throw ProblemException.notFound("workspace", workspace.value());
        }
        Instant now = clock.instant();
        postings.ensureAccount(workspace, now);
        var account = accounts.find(workspace).orElseThrow();
        if (dailyCredits != null) {
            Long before = account.dailyCreditCap();
            accounts.setDailyCreditCap(workspace, dailyCredits.value(), now);
            if (!java.util.Objects.equals(before, dailyCredits.value())) {
                audit.recordOperatorAction(
                        operator,
                        workspace,
                        "operator.spend-cap-changed",
                        "dailyCredits=" + describe(dailyCredits.value()) + " previous=" + describe(before));
            }
        }
        if (dailyLlmCostMicros != null) {
            Long before = account.dailyLlmCostCap();
            accounts.setDailyLlmCostCap(workspace, dailyLlmCostMicros.value(), now);
            if (!java.util.Objects.equals(before, dailyLlmCostMicros.value())) {
                audit.recordOperatorAction(
                        operator,
                        workspace,
                        "operator.llm-cost-cap-changed",
                        "dailyLlmCostMicros=" + describe(dailyLlmCostMicros.value()) + " previous=" + describe(before));
            }
        }
        return view(workspace);
    }

    /** The owner sets the workspace's own limit, at most the cap; null removes it (the cap still applies). */
    @Transactional
    public @Nullable SpendGuardView setOwnerLimit(Caller owner, @Nullable Long dailyCredits) {
        return setOwnerLimits(owner, new Change(dailyCredits), null, null);
    }

    /**
     * The owner sets the workspace's own limits on credits and on LLM cost (each at most its cap; a null
     * {@link Change} left as it is, a null value removing it) and its time zone (an IANA name; null: unchanged).
     */
    @Transactional
    public @Nullable SpendGuardView setOwnerLimits(
            Caller owner,
            @Nullable Change dailyCredits,
            @Nullable Change dailyLlmCostMicros,
            @Nullable String timeZone) {
        if (dailyCredits != null) {
            check(dailyCredits.value());
        }
        if (dailyLlmCostMicros != null) {
            checkLlm(dailyLlmCostMicros.value());
        }
        String zone = timeZone == null ? null : zone(timeZone);
        if (!settings.enabled()) {
            throw ProblemException.conflict("Billing is off on this Levqor: runs spend no credits to limit.");
        }
        WorkspaceId workspace = owner.workspace();
        Instant now = clock.instant();
        postings.ensureAccount(workspace, now);
        var account = accounts.find(workspace).orElseThrow();
        if (dailyCredits != null) {
            Long value = dailyCredits.value();
            Long cap = limits.cap(account);
            if (value != null && cap != null && value > cap) {
                throw ValidationFailed.of(
                        "dailyCredits", "must be at most the operator's cap of " + cap + " credits a day");
            }
            accounts.setDailyCreditLimit(workspace, value, now);
            if (!java.util.Objects.equals(account.dailyCreditLimit(), value)) {
                audit.record(
                        owner,
                        "billing.spend-limit-changed",
                        "dailyCredits=" + describe(value) + " previous=" + describe(account.dailyCreditLimit()));
            }
        }
        if (dailyLlmCostMicros != null) {
            Long value = dailyLlmCostMicros.value();
            Long cap = limits.llmCostCap(account);
            if (value != null && cap != null && value > cap) {
                throw ValidationFailed.of(
                        "dailyLlmCostMicros", "must be at most the operator's cap of " + cap + " millionths a day");
            }
            accounts.setDailyLlmCostLimit(workspace, value, now);
            if (!java.util.Objects.equals(account.dailyLlmCostLimit(), value)) {
                audit.record(
                        owner,
                        "billing.llm-cost-limit-changed",
                        "dailyLlmCostMicros=" + describe(value) + " previous=" + describe(account.dailyLlmCostLimit()));
            }
        }
        if (zone != null && !zone.equals(account.timeZone())) {
            accounts.setTimeZone(workspace, zone, now);
            audit.record(owner, "billing.time-zone-changed", "timeZone=" + zone + " previous=" + account.timeZone());
        }
        return view(workspace);
    }

    /** An IANA zone name ({@code Europe/Berlin}), else a 400 naming {@code timeZone}. */
    private static String zone(String name) {
        // Region ids only: a fixed offset (+05:30) would not follow daylight saving, an abbreviation is ambiguous.
        if (!java.time.ZoneId.getAvailableZoneIds().contains(name)) {
            throw ValidationFailed.of("timeZone", "must be an IANA time zone such as Europe/Berlin or UTC");
        }
        return name;
    }

    private static void checkLlm(@Nullable Long micros) {
        if (micros != null && (micros < 1 || micros > MAX_DAILY_LLM_COST_MICROS)) {
            throw ValidationFailed.of(
                    "dailyLlmCostMicros",
                    "must be between 1 and " + MAX_DAILY_LLM_COST_MICROS + " millionths, or null for no limit");
        }
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
