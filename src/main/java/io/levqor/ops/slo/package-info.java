/**
 * The SLO watchdog: an availability SLO (non-5xx answers of the API and webhooks) and a latency SLO (answers under a
 * threshold), each with an objective and a window, computed from the per-minute series so every node agrees, with
 * the SRE workbook's multi-window, multi-burn-rate alerts.
 */
@NullMarked
package io.levqor.ops.slo;

import org.jspecify.annotations.NullMarked;
