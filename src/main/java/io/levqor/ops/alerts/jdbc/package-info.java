/** Alerts: their SQL (alerts, silences, the notification log, failed runs). */
@NullMarked
package io.levqor.ops.alerts.jdbc;

import org.jspecify.annotations.NullMarked;
