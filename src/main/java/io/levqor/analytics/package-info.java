/**
 * Product events, revenue metrics, cohorts, segments, forecasts and experiments, built from the events of the other
 * modules. So far: {@link io.levqor.analytics.ProductEvents} records identity's, workflow's, engine's, billing's and
 * growth's domain events (once per event identity) and clients' batches from {@code POST /api/v1/events} in the
 * append-only, month-partitioned {@code analytics_event} table; the operator's funnels are read from it. Billing's
 * {@link io.levqor.billing.Plans} orders plans, to tell an upgrade from a downgrade.
 */
@ApplicationModule(allowedDependencies = {"shared", "identity", "workflow", "engine", "billing", "growth"})
@NullMarked
package io.levqor.analytics;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
