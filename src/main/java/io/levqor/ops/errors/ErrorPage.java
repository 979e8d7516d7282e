package io.levqor.ops.errors;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** One page of error groups, last seen first; {@code nextCursor} fetches the next, null on the last page. */
public record ErrorPage(List<ErrorGroup> items, @Nullable String nextCursor) {}
