/** The operator's slow-query list, {@code GET /api/v1/admin/slow-queries}. */
@NullMarked
package io.levqor.ops.slowqueries.web;

import org.jspecify.annotations.NullMarked;
