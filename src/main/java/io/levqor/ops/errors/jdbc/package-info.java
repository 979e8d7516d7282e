/** Error tracking: its SQL (the error groups). */
@NullMarked
package io.levqor.ops.errors.jdbc;

import org.jspecify.annotations.NullMarked;
