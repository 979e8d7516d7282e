package io.levqor.billing;

import java.time.Instant;

/**
 * One line of a workspace's credit ledger.
 *
 * @param seq the line's position; pages are cut by it
 * @param amount positive for grants, negative for debits and clawbacks
 * @param shortfall what a clawback could not take because the credits were already spent
 */
public record LedgerEntry(
        long seq, Instant at, CreditKind kind, long amount, long balanceAfter, long shortfall, String reference) {}
