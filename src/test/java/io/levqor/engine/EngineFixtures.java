package io.levqor.engine;

import io.levqor.shared.WorkspaceId;
import io.levqor.workflow.WorkflowId;
import io.levqor.workflow.WorkflowView;
import io.levqor.workflow.Workflows;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Workflows and runs for engine tests, created through the real facades. */
final class EngineFixtures {

    private final Workflows workflows;
    private final Runs runs;

    EngineFixtures(Workflows workflows, Runs runs) {
        this.workflows = workflows;
        this.runs = runs;
    }

    WorkflowView workflow(WorkspaceId workspace, Map<String, Object> definition) {
        return workflows.create(workspace, null, "test " + UUID.randomUUID(), definition, true, null);
    }

    WorkflowView workflow(WorkspaceId workspace, List<Map<String, Object>> steps) {
        return workflow(workspace, Map.of("trigger", Map.of("type", "manual"), "steps", steps));
    }

    UUID start(WorkspaceId workspace, WorkflowView workflow, Object input) {
        return runs.start(workspace, workflow.id(), input, null).runId();
    }

    RunView awaitStatus(WorkspaceId workspace, UUID runId, String... statuses) {
        List<String> wanted = List.of(statuses);
        return Eventually.await(
                "run " + runId + " to be " + wanted,
                Duration.ofSeconds(30),
                () -> runs.find(workspace, new RunId(runId)),
                run -> wanted.contains(run.status()));
    }

    RunView awaitEnd(WorkspaceId workspace, UUID runId) {
        return awaitStatus(workspace, runId, "succeeded", "failed", "cancelled");
    }

    static Map<String, Object> transform(String id, Object output) {
        return Map.of("id", id, "type", "transform", "output", output);
    }

    static WorkflowId id(WorkflowView view) {
        return view.id();
    }
}
