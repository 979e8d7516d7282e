/**
 * Anomaly detection: per-minute series (runs started and failed, signups, payments, 5xx answers) against a baseline of
 * the same hour of the week over past weeks; an alert when the recent value leaves the band and the volume is worth one.
 */
@NullMarked
package io.levqor.ops.anomaly;

import org.jspecify.annotations.NullMarked;
