/**
 * How runs move, private to the engine: intake and group commits ({@code RunIngest}), the workers and their
 * finishes ({@code Worker}, {@code StepExecutor}, {@code FinishWriter}), webhooks, schedules, metrics.
 */
@NullMarked
package io.levqor.engine.internal;

import org.jspecify.annotations.NullMarked;
