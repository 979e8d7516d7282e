/** The shared module's SQL. */
@NullMarked
package io.levqor.shared.jdbc;

import org.jspecify.annotations.NullMarked;
