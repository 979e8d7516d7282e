/** The operator's backup endpoints under {@code /api/v1/admin/backups}. */
@NullMarked
package io.levqor.ops.backup.web;

import org.jspecify.annotations.NullMarked;
