/** Alerts: the operator's admin API (history and silences). */
@NullMarked
package io.levqor.ops.alerts.web;

import org.jspecify.annotations.NullMarked;
