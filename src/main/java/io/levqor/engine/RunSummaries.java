package io.levqor.engine;

import io.levqor.engine.jdbc.RunReports;
import io.levqor.shared.WorkspaceId;
import io.levqor.workflow.WorkflowId;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/** Last run and success rate for a page of workflows, in one query however many workflows the page lists. */
@Service
public class RunSummaries {

    /** How many of a workflow's newest runs the success rate looks at. */
    public static final int SAMPLE = 20;

    /**
     * A workflow's newest run, and among its newest {@link #SAMPLE} runs how many ended and how many succeeded.
     */
    public record WorkflowRuns(String lastStatus, Instant lastRunAt, int finished, int succeeded) {

        /** Succeeded among finished, in whole percent; null while none has finished. */
        public @Nullable Integer successPercent() {
            return finished == 0 ? null : succeeded * 100 / finished;
        }
    }

    private final RunReports reports;

    RunSummaries(RunReports reports) {
        this.reports = reports;
    }

    /** Summaries by workflow; a workflow that never ran is absent. */
    public Map<WorkflowId, WorkflowRuns> of(WorkspaceId workspace, List<WorkflowId> workflows) {
        Map<WorkflowId, WorkflowRuns> summaries = new HashMap<>();
        for (var row : reports.workflowSummaries(
                workspace, workflows.stream().map(WorkflowId::value).toList(), SAMPLE)) {
            summaries.put(
                    new WorkflowId(row.workflowId()),
                    new WorkflowRuns(row.lastStatus(), row.lastCreatedAt(), row.finished(), row.succeeded()));
        }
        return summaries;
    }
}
