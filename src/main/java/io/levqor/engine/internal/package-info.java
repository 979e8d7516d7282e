/**
 * How runs move, private to the engine: intake and group commits ({@code RunIngest}), the workers and their
 * finishes ({@code Worker}, {@code StepExecutor}, {@code FinishWriter}), webhooks, schedules, metrics.
 *
 * <p>Loops ({@code forEach}, {@code LoopRunner}): a run still has at most one job. The job that reaches a loop runs
 * its items itself, fanning them out to virtual threads (at most the loop's {@code concurrency} at once) and writing
 * each finished item durably in batches ({@code loop_item} and the item's attempts), so a retry of the job after a
 * crash or a lost lease skips them. Several jobs per run (one per item) would have cost a claim, a finish and a
 * fence per item and broken the one-job-per-run queue; here the loop costs one worker slot, like any step, which
 * keeps runs fair, and its lease, heartbeat, cancel and fence are the job's.
 */
@NullMarked
package io.levqor.engine.internal;

import org.jspecify.annotations.NullMarked;
