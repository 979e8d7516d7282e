package io.levqor.engine;

import static io.levqor.engine.EngineFixtures.transform;
import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.engine.internal.HistoryPruner;
import io.levqor.shared.WorkspaceId;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.support.MutableClock;
import io.levqor.workflow.Workflows;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@LevqorIntegrationTest
class HistoryPrunerIntegrationTests {

    @Autowired
    org.springframework.context.ApplicationContext context;

    @Autowired
    HistoryPruner pruner;

    @Autowired
    Runs runs;

    @Autowired
    Workflows workflows;

    @Autowired
    MutableClock clock;

    @Autowired
    JdbcClient jdbc;

    @Test
    void endedRunsOlderThanTheRetentionGoWithTheirAttempts() {
        var fixtures = new EngineFixtures(context);
        var workspace = WorkspaceId.newId();
        var quick = fixtures.workflow(workspace, List.of(transform("t", 1)));
        var slow = fixtures.workflow(workspace, List.of(Map.of("id", "wait", "type", "delay", "duration", "90d")));
        UUID ended = fixtures.start(workspace, quick, Map.of());
        fixtures.awaitEnd(workspace, ended);
        UUID waiting = fixtures.start(workspace, slow, Map.of());
        Eventually.await(
                "the delay to start",
                () -> runs.find(workspace, new RunId(waiting)).steps().size() == 1);

        assertThat(pruner.prune()).isZero();
        clock.advance(Duration.ofDays(31));
        UUID recent = fixtures.start(workspace, quick, Map.of());
        fixtures.awaitEnd(workspace, recent);

        assertThat(pruner.prune()).isEqualTo(1);
        assertThat(runs.list(workspace, RunFilter.all(), null, 10).items())
                .extracting(RunView::id)
                .containsExactlyInAnyOrder(waiting, recent);
        assertThat(jdbc.sql("SELECT count(*) FROM step_attempt WHERE run_id = :id")
                        .param("id", ended)
                        .query(Long.class)
                        .single())
                .isZero();
    }
}
