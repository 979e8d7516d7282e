package io.levqor.engine;

import static io.levqor.engine.EngineFixtures.transform;
import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.shared.WorkspaceId;
import io.levqor.support.HttpApi;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.workflow.Workflows;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@LevqorIntegrationTest
class EngineMetricsIntegrationTests {

    @Autowired
    org.springframework.context.ApplicationContext context;

    @Autowired
    HttpApi api;

    @Autowired
    Runs runs;

    @Autowired
    Workflows workflows;

    @Test
    void runsStepsAndTheQueueShowInTheMetrics() {
        var fixtures = new EngineFixtures(context);
        var workspace = WorkspaceId.newId();
        var workflow = fixtures.workflow(workspace, List.of(transform("t", 1)));
        fixtures.awaitEnd(workspace, fixtures.start(workspace, workflow, Map.of()));

        String metrics = api.get("/metrics").send().body();

        assertThat(metrics)
                .contains("levqor_runs_total{", "status=\"succeeded\"")
                .contains("levqor_steps_total{", "type=\"transform\"", "outcome=\"succeeded\"")
                .contains("levqor_queue_depth")
                .contains("levqor_queue_oldest_age_seconds")
                .contains("levqor_step_duration_seconds_bucket")
                .contains("levqor_run_latency_seconds_count");
    }
}
