/** The SLO watchdog's admin endpoint. */
@NullMarked
package io.levqor.ops.slo.web;

import org.jspecify.annotations.NullMarked;
