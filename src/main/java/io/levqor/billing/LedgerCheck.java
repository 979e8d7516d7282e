package io.levqor.billing;

import io.levqor.shared.WorkspaceId;

/**
 * The outcome of checking one workspace's ledger.
 *
 * @param brokenLinks lines whose balance does not equal the previous line's balance plus their amount
 */
public record LedgerCheck(WorkspaceId workspace, long cachedBalance, long sumOfLines, long lines, long brokenLinks) {

    public boolean holds() {
        return cachedBalance == sumOfLines && brokenLinks == 0 && cachedBalance >= 0;
    }
}
