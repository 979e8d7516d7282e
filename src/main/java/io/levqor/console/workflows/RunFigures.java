package io.levqor.console.workflows;

import io.levqor.console.web.ConsoleFormat;
import io.levqor.engine.RunFilter;
import io.levqor.engine.RunView;
import io.levqor.engine.Runs;
import io.levqor.shared.WorkspaceId;
import io.levqor.workflow.WorkflowId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Last run and success rate (of the last 20 finished runs) per workflow, for the list. */
@Component
class RunFigures {

    static final int SAMPLE = 20;

    private final Runs runs;
    private final ConsoleFormat format;

    RunFigures(Runs runs, ConsoleFormat format) {
        this.runs = runs;
        this.format = format;
    }

    /** What the list shows of a workflow's runs. */
    record Figures(String lastRun, String successRate) {}

    Map<WorkflowId, Figures> of(WorkspaceId workspace, List<WorkflowId> workflows) {
        Map<WorkflowId, Figures> figures = new HashMap<>();
        for (WorkflowId workflow : workflows) {
            List<RunView> recent = runs.list(workspace, new RunFilter(workflow.value(), null, null, null), null, SAMPLE)
                    .items();
            if (recent.isEmpty()) {
                continue;
            }
            long finished = recent.stream()
                    .filter(r -> !r.status().equals("queued") && !r.status().equals("running"))
                    .count();
            long succeeded =
                    recent.stream().filter(r -> r.status().equals("succeeded")).count();
            RunView last = recent.getFirst();
            figures.put(
                    workflow,
                    new Figures(
                            last.status() + ", " + format.time(last.createdAt()),
                            finished == 0 ? "—" : (succeeded * 100 / finished) + " %"));
        }
        return figures;
    }
}
