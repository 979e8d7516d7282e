/**
 * Per-minute series kept in PostgreSQL so every node reads the same figures: counted in memory on the request path
 * (a {@code LongAdder} per series and minute), added to the store by each node every ~10 s, swept after the retention.
 */
@NullMarked
package io.levqor.ops.series;

import org.jspecify.annotations.NullMarked;
