/**
 * Slow queries: the statements that cost PostgreSQL the most time, read from {@code pg_stat_statements} (preloaded
 * on the embedded cluster, used on an external database when installed), and the operator's list of them.
 */
@NamedInterface("slowqueries")
@NullMarked
package io.levqor.ops.slowqueries;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.NamedInterface;
