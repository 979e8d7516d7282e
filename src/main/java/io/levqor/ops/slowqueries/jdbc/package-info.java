/** Reads {@code pg_stat_statements} and the catalog facts that say whether it can be read. */
@NullMarked
package io.levqor.ops.slowqueries.jdbc;

import org.jspecify.annotations.NullMarked;
