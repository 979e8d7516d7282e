/**
 * Cross-cutting basics every module may use: typed ids (UUIDv7), money in minor units, the clock, problem details (RFC 9457) and platform settings. It also starts the database: an embedded PostgreSQL under the data directory unless an external one is configured.
 */
@ApplicationModule(allowedDependencies = {})
@NullMarked
package io.levqor.shared;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
