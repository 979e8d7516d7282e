/**
 * How runs move, private to the engine. A newcomer can follow one run from start to end:
 *
 * <ol>
 *   <li><b>Created</b> by {@code RunIngest}, the one door for new runs — the API ({@code Runs.start}), webhooks
 *       ({@code Hooks}), error workflows ({@code ErrorWorkflows}) and child runs ({@code SubWorkflows}) — with group
 *       commit, admission and the first job in one transaction; a run of pure steps runs on arrival and is stored
 *       ended. (Schedules insert their fire themselves, {@code Scheduler}, because a fire is unique per schedule and
 *       time and a refused one is kept; a retry re-queues the run it replays, {@code Runs.retry}.)
 *   <li><b>Claimed</b> by a {@code Worker} (one batch statement, {@code JobQueue.claimRuns}), run by
 *       {@code StepExecutor} step after step; engine-run shapes sit beside it: {@code StepPlan} (positions and paths
 *       of switches), {@code LoopRunner} (a {@code forEach}'s items, and a {@code parallel}'s branches, fanned out on
 *       virtual threads and stored as {@code loop_item}s), {@code SubWorkflows} (a {@code workflow} step's child run).
 *   <li><b>Written</b> as a {@code Finish} by {@code FinishWriter} in the worker's group commit: fenced job moves,
 *       progress, parks ({@code waiting}), final statuses and attempts, one set-based statement per kind.
 *   <li><b>Ended</b>: the final transition publishes {@code RunSucceeded} / {@code RunFailed} in that transaction
 *       ({@code FinishWriter.publish}; {@code RunDeadlines} for a passed deadline); the worker settles waiters and
 *       metrics ({@code Worker.settle}). What follows a run's end listens to those events, each idempotent:
 *       {@code ErrorWorkflows} (the {@code onFailure} workflow, once) and {@code SubWorkflows} (waking a parent parked
 *       on the run, from {@code RunFailed} or {@code ChildRunSucceeded}, which only child runs publish; a cancel
 *       calls it directly, as a cancel publishes no event).
 * </ol>
 *
 * <p>Loops ({@code forEach}, {@code LoopRunner}): a run still has at most one job. The job that reaches a loop runs
 * its items itself, fanning them out to virtual threads (at most the loop's {@code concurrency} at once) and writing
 * each finished item durably in batches ({@code loop_item} and the item's attempts), so a retry of the job after a
 * crash or a lost lease skips them. Several jobs per run (one per item) would have cost a claim, a finish and a
 * fence per item and broken the one-job-per-run queue; here the loop costs one worker slot, like any step, which
 * keeps runs fair, and its lease, heartbeat, cancel and fence are the job's.
 *
 * <p>Waiting runs ({@code wait}, a {@code workflow} step's parent) hold no job lease and no thread: their job sits in
 * the queue due at their timeout (or recheck), and a signal, a resume link or a child's end makes it due now.
 */
@NullMarked
package io.levqor.engine.internal;

import org.jspecify.annotations.NullMarked;
