package io.levqor.engine.internal;

import io.levqor.engine.RunFailed;
import io.levqor.engine.RunStatus;
import io.levqor.engine.jdbc.JobQueue;
import io.levqor.engine.jdbc.QueueSignals;
import io.levqor.engine.jdbc.RunRepository;
import io.levqor.engine.jdbc.RunRow;
import io.levqor.shared.Ids;
import io.levqor.shared.ProblemException;
import io.levqor.shared.WorkspaceId;
import io.levqor.workflow.WorkflowId;
import io.levqor.workflow.WorkflowVersion;
import io.levqor.workflow.Workflows;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The two halves of a {@code workflow} (sub-workflow) step. {@link #start} creates the child run through
 * {@link RunIngest} like any run (admission and credits included), linked to its parent ({@code run.parent_run_id})
 * and refused beyond the depth limit or when the child's workflow already runs above it (the run-time cycle guard).
 * The parent then parks ({@code waiting}, no thread, no lease) with {@code waiting_signal = child:<child id>}; when
 * the child ends ({@link ChildRunSucceeded}, {@code RunFailed}, a cancel), {@link #childEnded} makes the parent's job due and moves it {@code waiting → queued}, and the step
 * reads the child's status and output itself. That wake-up is a hint: the parked job is also due every
 * {@code recheck-interval}, so a missed one (the child ended before the parent had parked) costs latency, not
 * correctness.
 */
@Component
public class SubWorkflows {

    /** The trigger type of a child run. */
    public static final String TRIGGER = "workflow";

    /** How a parked parent's {@code waiting_signal} starts: {@code child:<child run id>}. No API signal may. */
    public static final String AWAITING = "child:";

    private static final Logger log = LoggerFactory.getLogger(SubWorkflows.class);

    private final RunRepository runs;
    private final JobQueue queue;
    private final QueueSignals signals;
    private final Workflows workflows;
    // RunIngest runs pure runs eagerly through StepExecutor, which starts children through this: looked up lazily.
    private final ObjectProvider<RunIngest> ingest;
    private final SubWorkflowSettings settings;
    private final TransactionTemplate ownTx;

    SubWorkflows(
            RunRepository runs,
            JobQueue queue,
            QueueSignals signals,
            Workflows workflows,
            ObjectProvider<RunIngest> ingest,
            SubWorkflowSettings settings,
            PlatformTransactionManager transactions) {
        this.runs = runs;
        this.queue = queue;
        this.signals = signals;
        this.workflows = workflows;
        this.ingest = ingest;
        this.settings = settings;
        this.ownTx = new TransactionTemplate(transactions);
        // The listeners run inside a transaction of their own; a wake that finds nothing to wake rolls back alone.
        this.ownTx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** A child could not be started: the step fails with this message (never retried: it would fare the same). */
    static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * What a parked {@code workflow} step remembers in its run's outputs while it waits: the child of its
     * {@code attempt}-th try, since when, and whether that child failed (the next try starts a new one).
     */
    record Awaited(UUID childRunId, int attempt, Instant since, boolean failed) {

        Map<String, Object> toOutput() {
            Map<String, Object> output = new LinkedHashMap<>();
            output.put("childRunId", childRunId.toString());
            output.put("attempt", attempt);
            output.put("since", since.toString());
            output.put("failed", failed);
            return output;
        }

        /** The marker in a step's stored output, or null when the output is none (the step was not started). */
        static @Nullable Awaited from(@Nullable Object output) {
            if (output instanceof Map<?, ?> map
                    && map.get("childRunId") instanceof String id
                    && map.get("attempt") instanceof Number attempt
                    && map.get("since") instanceof String since
                    && map.get("failed") instanceof Boolean failed) {
                try {
                    return new Awaited(UUID.fromString(id), attempt.intValue(), Instant.parse(since), failed);
                } catch (RuntimeException e) {
                    return null;
                }
            }
            return null;
        }
    }

    /** How long a parked parent waits before it looks at its child itself. */
    java.time.Duration recheckInterval() {
        return settings.recheckInterval();
    }

    /**
     * Starts (or, for a repeated try of the same step, finds) the child run of {@code parent}'s step at {@code path}:
     * the {@code attempt}-th try of that step under job {@code jobId}. The idempotency key
     * {@code workflow:<parent>:<job>:<path>#<attempt>} makes a worker that died after the start and before its park
     * find the same child on its next try; a replay of a failed parent (a new job) starts a new one.
     */
    UUID start(RunRow parent, String path, long jobId, int attempt, WorkflowId target, @Nullable Object input) {
        List<UUID> ancestry = runs.ancestry(parent.tenant(), parent.id(), settings.maxDepth());
        // The parent and its ancestors: a child here would sit ancestry.size() runs below the chain's first run.
        if (ancestry.size() > settings.maxDepth()) {
            throw new Refused("depth: a child run here would be more than " + settings.maxDepth()
                    + " sub-workflows deep (levqor.engine.sub-workflows.max-depth)");
        }
        if (ancestry.contains(target.value())) {
            throw new Refused("cycle: workflow " + target
                    + " is already running above this run (a run may not start a workflow of its own ancestry)");
        }
        WorkflowVersion version;
        try {
            version = workflows.latest(parent.tenant(), target);
        } catch (ProblemException e) {
            throw new Refused("workflow " + target + " does not exist (any more) in this workspace");
        }
        Map<String, @Nullable Object> trigger = new LinkedHashMap<>();
        trigger.put("input", input);
        String key = "workflow:" + parent.id() + ":" + jobId + ":" + path + "#" + attempt;
        try {
            return ingest.getObject()
                    .startNow(new RunIngest.Start(version, Ids.newId(), TRIGGER, trigger, key, parent.id()))
                    .runId();
        } catch (ProblemException e) {
            // Refused by admission (plan, credits, spend guard), like any run would be.
            throw new Refused("the child run was not started: " + e.getMessage());
        }
    }

    /** The child run as stored now. */
    Optional<RunRow> child(WorkspaceId tenant, UUID childRunId) {
        return runs.find(tenant, childRunId);
    }

    // Not RunSucceeded: a listener of it would cost every successful run an event publication row.
    @ApplicationModuleListener
    void on(ChildRunSucceeded ended) {
        childEnded(ended.workspace(), ended.runId());
    }

    @ApplicationModuleListener
    void on(RunFailed ended) {
        childEnded(ended.workspace(), ended.runId());
    }

    /**
     * A run ended (succeeded, failed, cancelled): if it is a child whose parent is parked on it, wake the parent.
     * Idempotent (a parent no longer waiting on it is left alone), as at-least-once delivery requires.
     */
    public void childEnded(WorkspaceId tenant, UUID runId) {
        UUID parent = runs.parents(tenant, List.of(runId)).get(runId);
        if (parent == null) {
            return;
        }
        // The child may end in the instant between the parent starting it and the parent's park being written:
        // give the parent that instant (a few of its finishes' commits), then leave it to the recheck.
        for (int tries = 0; tries < 10; tries++) {
            if (wake(tenant, parent, runId)) {
                return;
            }
            RunStatus status = runs.status(tenant, parent)
                    .map(RunRepository.StatusAndOutput::status)
                    .orElse(null);
            if (status != RunStatus.RUNNING) {
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        log.debug("child run {} ended before its parent {} parked: the parent's recheck will see it", runId, parent);
    }

    private boolean wake(WorkspaceId tenant, UUID parent, UUID child) {
        return Boolean.TRUE.equals(ownTx.execute(status -> {
            // The job first, as the claim locks them (like a signal): a job claimed at this moment (the recheck) wins.
            if (!queue.dueNow(tenant, parent) || !runs.wakeParent(tenant, parent, AWAITING + child)) {
                status.setRollbackOnly();
                return false;
            }
            signals.notifyJobsDue();
            return true;
        }));
    }
}
