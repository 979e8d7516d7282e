/**
 * The public status page: each component's state from health checks and recent metrics, minute probes recorded by
 * one node per minute for the 90-day uptime bars, and the operator's incidents, which override the measured states.
 */
@NullMarked
package io.levqor.ops.status;

import org.jspecify.annotations.NullMarked;
