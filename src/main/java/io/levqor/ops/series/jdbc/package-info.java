/** The per-minute series store: its SQL. */
@NullMarked
package io.levqor.ops.series.jdbc;

import org.jspecify.annotations.NullMarked;
