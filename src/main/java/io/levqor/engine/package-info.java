/**
 * Runs and their steps: the job queue, workers, retries, dead letters, the scheduler, concurrency limits and cancellation. Others start and inspect runs through its facade.
 */
@ApplicationModule(allowedDependencies = {"shared", "identity", "workflow", "connectors", "billing", "privacy"})
@NullMarked
package io.levqor.engine;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
