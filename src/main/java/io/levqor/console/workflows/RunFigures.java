package io.levqor.console.workflows;

import io.levqor.console.web.ConsoleFormat;
import io.levqor.engine.RunSummaries;
import io.levqor.shared.WorkspaceId;
import io.levqor.workflow.WorkflowId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Last run and success rate (of the last {@value RunSummaries#SAMPLE} runs that finished) per workflow, for the list;
 * one query for the whole page.
 */
@Component
class RunFigures {

    private final RunSummaries summaries;
    private final ConsoleFormat format;

    RunFigures(RunSummaries summaries, ConsoleFormat format) {
        this.summaries = summaries;
        this.format = format;
    }

    /** What the list shows of a workflow's runs. */
    record Figures(String lastRun, String successRate) {}

    Map<WorkflowId, Figures> of(WorkspaceId workspace, List<WorkflowId> workflows) {
        Map<WorkflowId, Figures> figures = new HashMap<>();
        summaries.of(workspace, workflows).forEach((workflow, runs) -> {
            Integer percent = runs.successPercent();
            figures.put(
                    workflow,
                    new Figures(
                            runs.lastStatus() + ", " + format.time(runs.lastRunAt()),
                            percent == null ? "—" : percent + " %"));
        });
        return figures;
    }
}
