package io.levqor.engine;

import io.levqor.billing.Credits;
import io.levqor.billing.jdbc.AccountRepository;
import io.levqor.shared.WorkspaceId;
import io.levqor.workflow.WorkflowId;
import io.levqor.workflow.WorkflowView;
import io.levqor.workflow.Workflows;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.context.ApplicationContext;

/** Workflows and runs for engine tests, created through the real facades. */
final class EngineFixtures {

    private final Workflows workflows;
    private final Runs runs;
    private final ApplicationContext context;
    private final Set<WorkspaceId> unlimited = new HashSet<>();

    EngineFixtures(ApplicationContext context) {
        this.context = context;
        this.workflows = context.getBean(Workflows.class);
        this.runs = context.getBean(Runs.class);
    }

    /** Puts the workspace on the business plan with plenty of credits, so admission never refuses its runs. */
    void unlimited(WorkspaceId workspace) {
        if (unlimited.add(workspace)) {
            var credits = context.getBean(Credits.class);
            var clock = context.getBean(Clock.class);
            credits.grantSignupCredits(workspace);
            context.getBean(AccountRepository.class).setPlan(workspace, "business", clock.instant());
            credits.grant(workspace, 1_000_000, "engine-tests");
        }
    }

    WorkflowView workflow(WorkspaceId workspace, Map<String, Object> definition) {
        unlimited(workspace);
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
