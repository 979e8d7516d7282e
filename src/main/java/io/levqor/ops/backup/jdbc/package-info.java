/** The backups' SQL: the snapshot and binary COPY of every table, and the {@code ops_backup} record. */
@NullMarked
package io.levqor.ops.backup.jdbc;

import org.jspecify.annotations.NullMarked;
