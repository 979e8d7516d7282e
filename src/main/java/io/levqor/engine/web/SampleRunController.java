package io.levqor.engine.web;

import io.levqor.engine.internal.RunSamples;
import io.levqor.shared.Caller;
import io.levqor.shared.RequiresRole;
import io.levqor.shared.Role;
import io.levqor.workflow.SampleData;
import io.levqor.workflow.WorkflowId;
import io.swagger.v3.oas.annotations.Operation;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** Runs as the editor's sample data, and the expression paths it completes. */
@RestController
class SampleRunController {

    /** The completable expression paths. */
    record ExpressionPaths(List<String> paths) {}

    private final RunSamples samples;

    SampleRunController(RunSamples samples) {
        this.samples = samples;
    }

    @PostMapping("/api/v1/runs/{id}/sample-data")
    @RequiresRole(Role.MANAGER)
    @Operation(summary = "Use this run's data as its workflow's sample data (trigger and step outputs)")
    SampleData.Sample useAsSample(Caller caller, @PathVariable String id) {
        return samples.useAsSample(caller.workspace(), RunController.runId(id));
    }

    @GetMapping("/api/v1/workflows/{id}/expression-paths")
    @RequiresRole(Role.VIEWER)
    @Operation(summary = "Paths an expression can complete, from the sample data, the last run and the steps")
    ExpressionPaths expressionPaths(Caller caller, @PathVariable String id) {
        WorkflowId workflow;
        try {
            workflow = WorkflowId.of(id);
        } catch (IllegalArgumentException e) {
            throw io.levqor.shared.ProblemException.notFound("workflow", id);
        }
        return new ExpressionPaths(samples.expressionPaths(caller.workspace(), workflow));
    }
}
