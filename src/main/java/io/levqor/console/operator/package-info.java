/** The platform operator's overview: every workspace, throughput and queue depth, failed runs, payments. */
@NullMarked
package io.levqor.console.operator;

import org.jspecify.annotations.NullMarked;
