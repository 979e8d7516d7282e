/** The outbox table's SQL. */
@NullMarked
package io.levqor.mail.jdbc;

import org.jspecify.annotations.NullMarked;
