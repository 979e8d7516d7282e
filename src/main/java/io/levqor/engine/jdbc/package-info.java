/** The engine's SQL: runs and their step attempts, the job queue, fairness slots, concurrency caps, schedules. */
@NullMarked
package io.levqor.engine.jdbc;

import org.jspecify.annotations.NullMarked;
