/**
 * Operations: health, metrics, backups, alerts, the SLO watchdog, anomaly detection, error tracking, the spend guard
 * and feature flags.
 */
@ApplicationModule(allowedDependencies = {"shared", "identity", "billing", "privacy", "engine", "connectors", "mail"})
@NullMarked
package io.levqor.ops;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
