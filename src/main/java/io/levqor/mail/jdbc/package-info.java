/** The outbox table's SQL. */
// Named so that the console's development mailbox page may list the outbox.
@org.springframework.modulith.NamedInterface("outbox")
@NullMarked
package io.levqor.mail.jdbc;

import org.jspecify.annotations.NullMarked;
