package io.levqor.billing.jdbc;

import io.levqor.billing.CreditKind;
import io.levqor.billing.LedgerEntry;
import io.levqor.shared.WorkspaceId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.OptionalLong;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The append-only credit ledger and the cached balance beside it. Every method that moves the balance is called
 * in the same transaction as the line it belongs to; the balance UPDATE takes the account's row lock, so the lines
 * of one workspace are written one after another and {@code seq} orders them as the balance moved.
 */
@Repository
public class CreditLedger {

    private final JdbcClient jdbc;

    public CreditLedger(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private static final String DEBIT = """
            UPDATE billing_account
               SET balance = balance - :n, used = used + :n, updated_at = :now
             WHERE tenant_id = :tenantId
               AND balance >= :n
            RETURNING balance
            """;

    /** Takes {@code n} credits if the balance covers them; empty when it does not (nothing changed). */
    public OptionalLong debit(WorkspaceId tenant, long n, Instant now) {
        return jdbc.sql(DEBIT)
                .param("tenantId", tenant.value())
                .param("n", n)
                .param("now", now.atOffset(ZoneOffset.UTC))
                .query(Long.class)
                .optional()
                .map(OptionalLong::of)
                .orElse(OptionalLong.empty());
    }

    private static final String CREDIT = """
            UPDATE billing_account
               SET balance = balance + :n, granted = granted + :n, updated_at = :now
             WHERE tenant_id = :tenantId
            RETURNING balance
            """;

    /** Adds {@code n} credits and returns the new balance. */
    public long credit(WorkspaceId tenant, long n, Instant now) {
        return jdbc.sql(CREDIT)
                .param("tenantId", tenant.value())
                .param("n", n)
                .param("now", now.atOffset(ZoneOffset.UTC))
                .query(Long.class)
                .optional()
                .orElseThrow(() -> new IllegalStateException("no billing account for workspace " + tenant));
    }

    private static final String TAKE = """
            UPDATE billing_account
               SET balance = balance - :n, updated_at = :now
             WHERE tenant_id = :tenantId
               AND balance >= :n
            RETURNING balance
            """;

    /** Takes back {@code n} credits (a clawback, an expiry): the caller has locked the row and clamped n. */
    public long take(WorkspaceId tenant, long n, Instant now) {
        return jdbc.sql(TAKE)
                .param("tenantId", tenant.value())
                .param("n", n)
                .param("now", now.atOffset(ZoneOffset.UTC))
                .query(Long.class)
                .optional()
                .orElseThrow(() -> new IllegalStateException("balance of " + tenant + " moved under its row lock"));
    }

    private static final String APPEND = """
            INSERT INTO credit_ledger (tenant_id, kind, amount, balance_after, shortfall, reference, at)
            VALUES (:tenantId, :kind, :amount, :balanceAfter, :shortfall, :reference, :at)
            ON CONFLICT (tenant_id, reference) DO NOTHING
            """;

    /** Appends a line; false when a line with this reference exists already (the caller must undo its change). */
    public boolean append(
            WorkspaceId tenant,
            CreditKind kind,
            long amount,
            long balanceAfter,
            long shortfall,
            String reference,
            Instant at) {
        return jdbc.sql(APPEND)
                        .param("tenantId", tenant.value())
                        .param("kind", kind.dbName())
                        .param("amount", amount)
                        .param("balanceAfter", balanceAfter)
                        .param("shortfall", shortfall)
                        .param("reference", reference)
                        .param("at", at.atOffset(ZoneOffset.UTC))
                        .update()
                == 1;
    }

    private static final String HAS_REFERENCE = """
            SELECT EXISTS (SELECT 1 FROM credit_ledger WHERE tenant_id = :tenantId AND reference = :reference)
            """;

    public boolean hasReference(WorkspaceId tenant, String reference) {
        return jdbc.sql(HAS_REFERENCE)
                .param("tenantId", tenant.value())
                .param("reference", reference)
                .query(Boolean.class)
                .single();
    }

    private static final String BY_REFERENCE = """
            SELECT seq, kind, amount, balance_after, shortfall, reference, at
              FROM credit_ledger
             WHERE tenant_id = :tenantId AND reference = :reference
            """;

    /** The line posted with this reference, if any. */
    public java.util.Optional<LedgerEntry> findByReference(WorkspaceId tenant, String reference) {
        return jdbc.sql(BY_REFERENCE)
                .param("tenantId", tenant.value())
                .param("reference", reference)
                .query(CreditLedger::entry)
                .optional();
    }

    private static final String PAGE = """
            SELECT seq, kind, amount, balance_after, shortfall, reference, at
              FROM credit_ledger
             WHERE tenant_id = :tenantId
               AND seq < :before
             ORDER BY seq DESC
             LIMIT :limit
            """;

    /** The newest lines first, those older than {@code beforeSeq}. */
    public List<LedgerEntry> page(WorkspaceId tenant, long beforeSeq, int limit) {
        return jdbc.sql(PAGE)
                .param("tenantId", tenant.value())
                .param("before", beforeSeq)
                .param("limit", limit)
                .query(CreditLedger::entry)
                .list();
    }

    private static LedgerEntry entry(ResultSet rs, int n) throws SQLException {
        return new LedgerEntry(
                rs.getLong("seq"),
                rs.getObject("at", OffsetDateTime.class).toInstant(),
                CreditKind.fromDb(rs.getString("kind")),
                rs.getLong("amount"),
                rs.getLong("balance_after"),
                rs.getLong("shortfall"),
                rs.getString("reference"));
    }

    /** What the check routine compares for one workspace. */
    public record Totals(long cachedBalance, long sumOfLines, long lines, long brokenLinks) {}

    private static final String TOTALS = """
            SELECT a.balance,
                   (SELECT COALESCE(SUM(l.amount), 0) FROM credit_ledger l WHERE l.tenant_id = :tenantId) AS total,
                   (SELECT COUNT(*) FROM credit_ledger l WHERE l.tenant_id = :tenantId) AS lines,
                   (SELECT COUNT(*)
                      FROM (SELECT balance_after, amount,
                                   LAG(balance_after, 1, 0::bigint) OVER (ORDER BY seq) AS previous
                              FROM credit_ledger
                             WHERE tenant_id = :tenantId) chain
                     WHERE chain.previous + chain.amount <> chain.balance_after) AS broken
              FROM billing_account a
             WHERE a.tenant_id = :tenantId
            """;

    /** The cached balance, the sum of the lines, and how many lines do not follow from the one before. */
    public Totals totals(WorkspaceId tenant) {
        return jdbc.sql(TOTALS)
                .param("tenantId", tenant.value())
                .query((rs, n) -> new Totals(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)))
                .optional()
                .orElse(new Totals(0, 0, 0, 0));
    }

    // A platform-wide audit: it reads every tenant on purpose, so it has no tenant filter.
    private static final String MISMATCHED = """
            SELECT a.tenant_id
              FROM billing_account a
              LEFT JOIN (SELECT tenant_id, SUM(amount) AS total FROM credit_ledger GROUP BY tenant_id) s
                     ON s.tenant_id = a.tenant_id
             WHERE a.balance <> COALESCE(s.total, 0)
            """;

    /** Every workspace whose cached balance differs from the sum of its lines. */
    public List<WorkspaceId> mismatched() {
        return jdbc.sql(MISMATCHED)
                .query((rs, n) -> new WorkspaceId(rs.getObject(1, java.util.UUID.class)))
                .list();
    }
}
