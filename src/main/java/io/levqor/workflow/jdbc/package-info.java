/** The workflow module's SQL: workflows, their versions, webhook tokens, idempotency keys. */
@NullMarked
package io.levqor.workflow.jdbc;

import org.jspecify.annotations.NullMarked;
