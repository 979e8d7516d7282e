/**
 * Workflow definitions (JSON), their immutable versions and validation, triggers (webhook tokens, schedules) and the credentials vault.
 */
@ApplicationModule(allowedDependencies = {"shared", "identity", "privacy", "connectors"})
@NullMarked
package io.levqor.workflow;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
