/**
 * Verified backups: an encrypted archive of a repeatable-read snapshot of the whole database (one binary
 * {@code COPY} per table), restored into a scratch database after every backup, kept by a daily/weekly retention.
 */
@NamedInterface("backup")
@NullMarked
package io.levqor.ops.backup;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.NamedInterface;
