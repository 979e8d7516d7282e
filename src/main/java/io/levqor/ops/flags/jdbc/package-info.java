/** The flag tables' SQL and the change counter with its NOTIFY. */
@NullMarked
package io.levqor.ops.flags.jdbc;

import org.jspecify.annotations.NullMarked;
