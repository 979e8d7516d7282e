package io.levqor.engine;

import io.levqor.engine.internal.RunSamples;
import io.levqor.shared.WorkspaceId;
import io.levqor.workflow.SampleData;
import io.levqor.workflow.WorkflowId;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * A run's data as its workflow's sample, and the expression paths an editor completes, for modules outside the
 * engine (the console), as {@code POST /api/v1/runs/{id}/sample-data} and
 * {@code GET /api/v1/workflows/{id}/expression-paths} do.
 */
@Component
public class RunSampling {

    private final RunSamples samples;

    RunSampling(RunSamples samples) {
        this.samples = samples;
    }

    /** Copies the run's trigger and step outputs into its workflow's sample data (replacing it). */
    public SampleData.Sample useAsSample(WorkspaceId workspace, RunId run) {
        return samples.useAsSample(workspace, run);
    }

    /** The paths an expression field can complete: sample data, last run, the steps of the current version. */
    public List<String> expressionPaths(WorkspaceId workspace, WorkflowId workflow) {
        return samples.expressionPaths(workspace, workflow);
    }
}
