package io.levqor.billing;

import io.levqor.billing.internal.BillingSettings;
import io.levqor.billing.internal.LedgerPostings;
import io.levqor.billing.jdbc.AccountRepository;
import io.levqor.billing.jdbc.CreditLedger;
import io.levqor.shared.ValidationFailed;
import io.levqor.shared.WorkspaceId;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** A workspace's credits: the balance, grants by other modules, the ledger and the check that it adds up. */
@Service
public class Credits {

    /** Largest ledger page. */
    public static final int MAX_PAGE = 100;

    private final BillingSettings settings;
    private final LedgerPostings postings;
    private final AccountRepository accounts;
    private final CreditLedger ledger;
    private final Clock clock;

    public Credits(
            BillingSettings settings,
            LedgerPostings postings,
            AccountRepository accounts,
            CreditLedger ledger,
            Clock clock) {
        this.settings = settings;
        this.postings = postings;
        this.accounts = accounts;
        this.ledger = ledger;
        this.clock = clock;
    }

    public long balance(WorkspaceId workspace) {
        return accounts.find(workspace)
                .map(AccountRepository.AccountRow::balance)
                .orElse(0L);
    }

    /** The free plan's one-time credits for a new workspace; calling it again changes nothing. */
    public void grantSignupCredits(WorkspaceId workspace) {
        if (settings.enabled()) {
            postings.ensureAccount(workspace, clock.instant());
        }
    }

    /**
     * Grants credits once per reference (a referral reward, a support adjustment); the balance after, or empty when
     * this reference was granted before.
     */
    public OptionalLong grant(WorkspaceId workspace, long credits, String reference) {
        if (credits <= 0) {
            throw ValidationFailed.of("credits", "must be positive");
        }
        return postings.grant(workspace, CreditKind.GRANT, credits, reference, clock.instant());
    }

    /** One page of the ledger, newest first; pass the previous page's {@code nextCursor} for the next. */
    @Transactional(readOnly = true)
    public LedgerPage ledger(WorkspaceId workspace, @Nullable String cursor, int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw ValidationFailed.of("limit", "must be between 1 and " + MAX_PAGE);
        }
        long before = cursor == null || cursor.isBlank() ? Long.MAX_VALUE : decode(cursor);
        List<LedgerEntry> page = ledger.page(workspace, before, limit + 1);
        String next = null;
        if (page.size() > limit) {
            page = page.subList(0, limit);
            next = encode(page.getLast().seq());
        }
        return new LedgerPage(List.copyOf(page), next);
    }

    /** Proves the cached balance equals the sum of the lines and that each line follows from the one before. */
    @Transactional(readOnly = true)
    public LedgerCheck check(WorkspaceId workspace) {
        CreditLedger.Totals totals = ledger.totals(workspace);
        return new LedgerCheck(
                workspace, totals.cachedBalance(), totals.sumOfLines(), totals.lines(), totals.brokenLinks());
    }

    /** Every workspace whose cached balance differs from the sum of its lines (none, when all is well). */
    @Transactional(readOnly = true)
    public List<WorkspaceId> mismatchedWorkspaces() {
        return ledger.mismatched();
    }

    private static String encode(long seq) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("l" + seq).getBytes());
    }

    private static long decode(String cursor) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor));
            if (!raw.startsWith("l")) {
                throw new IllegalArgumentException(raw);
            }
            return Long.parseLong(raw.substring(1));
        } catch (IllegalArgumentException e) {
            throw ValidationFailed.of("cursor", "is not a cursor this API returned");
        }
    }
}
