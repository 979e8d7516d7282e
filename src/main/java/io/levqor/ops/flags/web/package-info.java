/** The operator's flag endpoints under {@code /api/v1/admin/flags}. */
@NullMarked
package io.levqor.ops.flags.web;

import org.jspecify.annotations.NullMarked;
