package io.levqor.engine;

import static io.levqor.engine.EngineFixtures.transform;
import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.identity.WorkspaceDeleted;
import io.levqor.shared.UserId;
import io.levqor.shared.WorkspaceId;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.workflow.WorkflowView;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

@LevqorIntegrationTest
class DeletedWorkspaceRunsIntegrationTests {

    @Autowired
    ApplicationContext context;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aDeletedWorkspacesRunsLeaveTheQueueAndTheHistoryWhileOthersStay() {
        var fixtures = new EngineFixtures(context);
        WorkspaceId deleted = WorkspaceId.newId();
        WorkspaceId kept = WorkspaceId.newId();
        Map<String, Object> waiting = Map.of(
                "trigger",
                Map.of("type", "manual"),
                "steps",
                List.of(Map.of("id", "wait", "type", "delay", "duration", "1h"), transform("after", 1)));
        WorkflowView doomed = fixtures.workflow(deleted, waiting);
        UUID ended = fixtures.start(deleted, fixtures.workflow(deleted, List.of(transform("t", 1))), Map.of());
        fixtures.awaitEnd(deleted, ended);
        fixtures.start(deleted, doomed, Map.of());
        UUID other = fixtures.start(kept, fixtures.workflow(kept, waiting), Map.of());
        Eventually.await("the delayed run to be waiting", () -> jobs(deleted) == 1 && jobs(kept) == 1);

        tx.executeWithoutResult(status -> events.publishEvent(new WorkspaceDeleted(deleted, UserId.newId())));

        Eventually.await("the deleted workspace's runs to go", () -> runs(deleted) == 0 && jobs(deleted) == 0);
        assertThat(context.getBean(Runs.class).find(kept, new RunId(other)).status())
                .isEqualTo("running");
        assertThat(jobs(kept)).isEqualTo(1);
    }

    private long runs(WorkspaceId workspace) {
        return jdbc.sql("SELECT count(*) FROM run WHERE tenant_id = :t")
                .param("t", workspace.value())
                .query(Long.class)
                .single();
    }

    private long jobs(WorkspaceId workspace) {
        return jdbc.sql("SELECT count(*) FROM job WHERE tenant_id = :t")
                .param("t", workspace.value())
                .query(Long.class)
                .single();
    }
}
