/**
 * Product events, revenue metrics, cohorts, segments, forecasts and experiments, built from the events of the other modules.
 */
@ApplicationModule(allowedDependencies = {"shared"})
@NullMarked
package io.levqor.analytics;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
