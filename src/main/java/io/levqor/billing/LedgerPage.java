package io.levqor.billing;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** A page of ledger lines, newest first; {@code nextCursor} is null on the last page. */
public record LedgerPage(List<LedgerEntry> items, @Nullable String nextCursor) {}
