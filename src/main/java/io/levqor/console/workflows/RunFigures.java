package io.levqor.console.workflows;

import io.levqor.shared.WorkspaceId;
import io.levqor.workflow.WorkflowId;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Last run and success rate per workflow for the list. The engine's run history is not on this branch yet, so it
 * answers nothing and the list shows a dash; it is the one place to wire the engine's figures in.
 */
@Component
class RunFigures {

    /** What the list shows of a workflow's runs. */
    record Figures(String lastRun, String successRate) {}

    Map<WorkflowId, Figures> of(WorkspaceId workspace, List<WorkflowId> workflows) {
        return Map.of();
    }
}
