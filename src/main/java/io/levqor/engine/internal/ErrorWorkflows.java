package io.levqor.engine.internal;

import io.levqor.engine.RunFailed;
import io.levqor.engine.jdbc.AttemptRow;
import io.levqor.engine.jdbc.RunRepository;
import io.levqor.engine.jdbc.RunRow;
import io.levqor.shared.Ids;
import io.levqor.shared.ProblemException;
import io.levqor.workflow.Definition;
import io.levqor.workflow.WorkflowId;
import io.levqor.workflow.WorkflowVersion;
import io.levqor.workflow.Workflows;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * A workflow's {@code "onFailure": {"workflow": …}}: when one of its runs finally fails, the error workflow's current
 * version is started with {@code {runId, workflowId, error, failedStep}} as {@code trigger.input}, through
 * {@link RunIngest} like any run (admission included). Exactly once per failed run: the start carries the
 * idempotency key {@code onFailure:<run id>}, so a redelivered event (or a second failure of a retried run) answers
 * the run the first one started. Runs of an error workflow (trigger {@code error}) start none, so no chain or loop.
 */
@Component
public class ErrorWorkflows {

    /** The trigger type of the runs this starts. */
    public static final String TRIGGER = "error";

    private static final Logger log = LoggerFactory.getLogger(ErrorWorkflows.class);

    private final RunRepository runs;
    private final Workflows workflows;
    private final RunIngest ingest;

    ErrorWorkflows(RunRepository runs, Workflows workflows, RunIngest ingest) {
        this.runs = runs;
        this.workflows = workflows;
        this.ingest = ingest;
    }

    /** Starts the failed run's error workflow, if its definition names one (idempotent). */
    @ApplicationModuleListener
    public void on(RunFailed failed) {
        RunRow run = runs.find(failed.workspace(), failed.runId()).orElse(null);
        if (run == null || TRIGGER.equals(run.triggerType())) {
            return;
        }
        WorkflowId target;
        try {
            Definition definition = workflows
                    .version(failed.workspace(), new WorkflowId(run.workflowId()), run.version())
                    .definition();
            target = definition.onFailure();
        } catch (ProblemException e) {
            return; // the failed run's workflow is gone
        }
        if (target == null) {
            return;
        }
        Map<String, @Nullable Object> input = new LinkedHashMap<>();
        input.put("runId", failed.runId().toString());
        input.put("workflowId", failed.workflowId().toString());
        input.put("error", failed.error());
        input.put("failedStep", failedStep(runs.attempts(failed.workspace(), failed.runId())));
        Map<String, @Nullable Object> trigger = new LinkedHashMap<>();
        trigger.put("input", input);
        try {
            WorkflowVersion version = workflows.latest(failed.workspace(), target);
            var started = ingest.startNow(
                    new RunIngest.Start(version, Ids.newId(), TRIGGER, trigger, "onFailure:" + failed.runId()));
            if (started.created()) {
                log.info(
                        "run {} failed: started run {} of its error workflow {}",
                        failed.runId(),
                        started.runId(),
                        target);
            }
        } catch (ProblemException e) {
            // Deleted since, or refused by admission (plan, credits, spend guard): a redelivery would fare no better.
            log.warn(
                    "run {} failed: its error workflow {} was not started: {}", failed.runId(), target, e.getMessage());
        }
    }

    /** Where the run failed: the path of its last failed attempt; null when none failed (its deadline passed). */
    private static @Nullable String failedStep(List<AttemptRow> attempts) {
        for (int i = attempts.size() - 1; i >= 0; i--) {
            if ("failed".equals(attempts.get(i).status())) {
                return attempts.get(i).path();
            }
        }
        return null;
    }
}
