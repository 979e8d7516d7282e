package io.levqor.billing;

import io.levqor.billing.internal.BillingSettings;
import io.levqor.billing.internal.LedgerPostings;
import io.levqor.billing.internal.LlmPricing;
import io.levqor.billing.internal.SpendLimits;
import io.levqor.billing.jdbc.AccountRepository;
import io.levqor.billing.jdbc.CreditLedger;
import io.levqor.billing.jdbc.LlmUsageRepository;
import io.levqor.billing.jdbc.LlmUsageRepository.Key;
import io.levqor.billing.jdbc.LlmUsageRepository.UsageRow;
import io.levqor.billing.jdbc.RunCounter;
import io.levqor.identity.WorkspaceSuspensions;
import io.levqor.shared.WorkspaceId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * LLM metering: the engine hands over the token usage of llm step attempts in the transaction that records them;
 * each attempt is stored once in {@code billing_llm_usage} (its key is run, step path and attempt number) and, only
 * when it was new, charged credits through the ledger (kind {@code llm_tokens}, reference
 * {@code llm:<run>:<path>:<attempt>}). Credits come from {@code levqor.billing.llm.credits-per-1k-tokens}, the
 * provider's price from {@code levqor.billing.llm.prices}.
 *
 * <p>The tokens were used already, so the charge never fails the attempt's write: when the balance cannot cover it
 * the ledger takes what is there and records the rest as the line's shortfall; the balance never goes negative.
 * The credits also count against the day's credit limit, so the next run sees them.
 */
@Service
public class LlmMetering {

    private final BillingSettings settings;
    private final LlmPricing pricing;
    private final LlmUsageRepository usage;
    private final LedgerPostings postings;
    private final AccountRepository accounts;
    private final CreditLedger ledger;
    private final RunCounter counter;
    private final WorkspaceSuspensions workspaces;
    private final MeterRegistry meters;
    private final Clock clock;
    private final Map<String, Counter> tokenCounters = new java.util.concurrent.ConcurrentHashMap<>();

    LlmMetering(
            BillingSettings settings,
            LlmPricing pricing,
            LlmUsageRepository usage,
            LedgerPostings postings,
            AccountRepository accounts,
            CreditLedger ledger,
            RunCounter counter,
            WorkspaceSuspensions workspaces,
            MeterRegistry meters,
            Clock clock) {
        this.settings = settings;
        this.pricing = pricing;
        this.usage = usage;
        this.postings = postings;
        this.accounts = accounts;
        this.ledger = ledger;
        this.counter = counter;
        this.workspaces = workspaces;
        this.meters = meters;
        this.clock = clock;
    }

    /** The ledger reference of one attempt's charge: unique per attempt. */
    public static String reference(UUID runId, String stepPath, int attempt) {
        return "llm:" + runId + ":" + stepPath + ":" + attempt;
    }

    /**
     * Meters the attempts inside the caller's transaction (there must be one: the engine's, which records them).
     * An attempt metered before is skipped: nothing is charged or counted twice.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void record(List<LlmAttempt> attempts) {
        if (attempts.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        Map<WorkspaceId, Boolean> charged = new HashMap<>();
        List<UsageRow> rows = new ArrayList<>(attempts.size());
        for (LlmAttempt a : attempts) {
            // Billing off, or the operator's own workspace (admitted without charge): metered, but no credits.
            boolean charges =
                    charged.computeIfAbsent(a.workspace(), w -> settings.enabled() && !workspaces.operatorOwned(w));
            long credits = charges ? pricing.credits(a.model(), a.promptTokens(), a.completionTokens()) : 0;
            long cost = pricing.costMicros(a.model(), a.promptTokens(), a.completionTokens());
            rows.add(new UsageRow(
                    a.workspace(),
                    a.runId(),
                    a.stepPath(),
                    a.attempt(),
                    a.model(),
                    a.promptTokens(),
                    a.completionTokens(),
                    credits,
                    cost,
                    now));
        }
        Set<Key> inserted = usage.insertNew(rows, now);
        List<UsageRow> fresh = new ArrayList<>();
        for (UsageRow row : rows) {
            if (inserted.contains(row.key())) {
                fresh.add(row);
            }
        }
        // One workspace after another in a fixed order: two batches charging the same workspaces lock their
        // accounts in the same order and cannot deadlock.
        for (UsageRow row : LlmUsageRepository.sortedByTenant(fresh)) {
            if (row.credits() > 0) {
                charge(row, now);
            }
        }
        afterCommit(fresh);
    }

    private void charge(UsageRow row, Instant now) {
        WorkspaceId workspace = row.tenant();
        postings.ensureAccount(workspace, now);
        // The day's counter before the account row: the order admission takes them in, so the two cannot deadlock.
        counter.addCredits(workspace, SpendLimits.day(accounts.find(workspace).orElse(null), now), row.credits());
        long balance = accounts.lockBalance(workspace);
        long taken = Math.min(balance, row.credits());
        long after = balance;
        if (taken > 0) {
            after = ledger.debit(workspace, taken, now)
                    .orElseThrow(() -> new IllegalStateException("balance of " + workspace + " moved under its lock"));
        }
        // The usage row was new, so its reference is too; a duplicate would mean the key and reference disagree.
        if (!ledger.append(
                workspace,
                CreditKind.LLM_TOKENS,
                -taken,
                after,
                row.credits() - taken,
                reference(row.runId(), row.stepPath(), row.attempt()),
                now)) {
            throw new IllegalStateException("llm charge " + row.key() + " was posted before its usage row");
        }
    }

    // Counted once the attempt is stored: a rolled-back finish (a late worker's) counts nothing.
    private void afterCommit(List<UsageRow> fresh) {
        if (fresh.isEmpty()) {
            return;
        }
        Runnable count = () -> {
            for (UsageRow row : fresh) {
                tokens(row.model(), "prompt").increment(row.promptTokens());
                tokens(row.model(), "completion").increment(row.completionTokens());
            }
        };
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    count.run();
                }
            });
        } else {
            count.run();
        }
    }

    private Counter tokens(String model, String kind) {
        return tokenCounters.computeIfAbsent(
                model + '\u0000' + kind,
                k -> Counter.builder("levqor_llm_tokens")
                        .description("Tokens used by llm steps, by model and kind (prompt or completion)")
                        .tag("model", model)
                        .tag("kind", kind)
                        .register(meters));
    }

    /** The run's metered attempts, oldest first. */
    @Transactional(readOnly = true)
    public List<LlmUsage> ofRun(WorkspaceId workspace, UUID runId) {
        return usage.ofRun(workspace, runId).stream()
                .map(r -> new LlmUsage(
                        r.stepPath(),
                        r.attempt(),
                        r.model(),
                        r.promptTokens(),
                        r.completionTokens(),
                        r.credits(),
                        r.costMicros(),
                        pricing.currency(),
                        r.recordedAt()))
                .toList();
    }

    /** Largest number of days and of runs a report covers. */
    public static final int MAX_REPORT = 100;

    /**
     * The last {@code days} days (in the workspace's time zone, today included, oldest first) and the latest
     * {@code runs} runs with LLM usage in them.
     */
    @Transactional(readOnly = true)
    public LlmUsageReport report(WorkspaceId workspace, int days, int runs) {
        int span = Math.max(1, Math.min(days, MAX_REPORT));
        var account = accounts.find(workspace).orElse(null);
        java.time.ZoneId zone = SpendLimits.zone(account);
        java.time.LocalDate today = SpendLimits.day(account, clock.instant());
        java.time.LocalDate first = today.minusDays(span - 1L);
        Instant since = first.atStartOfDay(zone).toInstant();
        Map<java.time.LocalDate, LlmUsageRepository.DayTotal> found = new HashMap<>();
        usage.perDay(workspace, since, zone.getId()).forEach(d -> found.put(d.day(), d));
        List<LlmUsageReport.Day> perDay = new ArrayList<>(span);
        for (var day = first; !day.isAfter(today); day = day.plusDays(1)) {
            var d = found.get(day);
            perDay.add(
                    d == null
                            ? new LlmUsageReport.Day(day, 0, 0, 0, 0)
                            : new LlmUsageReport.Day(
                                    day, d.promptTokens(), d.completionTokens(), d.credits(), d.costMicros()));
        }
        List<LlmUsageReport.Run> recent =
                usage.recentRuns(workspace, since, Math.max(1, Math.min(runs, MAX_REPORT))).stream()
                        .map(r -> new LlmUsageReport.Run(
                                r.runId(),
                                r.attempts(),
                                r.promptTokens(),
                                r.completionTokens(),
                                r.credits(),
                                r.costMicros(),
                                r.lastAt()))
                        .toList();
        return new LlmUsageReport(pricing.currency(), zone.getId(), perDay, recent);
    }

    /** The price table's currency: LLM costs are in its millionths. */
    public String currency() {
        return pricing.currency();
    }
}
