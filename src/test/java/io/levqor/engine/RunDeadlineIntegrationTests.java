package io.levqor.engine;

import static io.levqor.engine.EngineFixtures.transform;
import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.engine.internal.RunDeadlines;
import io.levqor.shared.WorkspaceId;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.workflow.WorkflowView;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A definition's {@code timeout}: the deadline is set by the database at insert and compared with its {@code now()}
 * by the sweep. Tests do not wait an hour: they move the stored deadline into the past and sweep at once.
 */
@LevqorIntegrationTest
class RunDeadlineIntegrationTests {

    @Autowired
    org.springframework.context.ApplicationContext context;

    @Autowired
    Runs runs;

    @Autowired
    RunDeadlines deadlines;

    @Autowired
    JdbcClient jdbc;

    private EngineFixtures fixtures;
    private final WorkspaceId workspace = WorkspaceId.newId();

    @BeforeEach
    void setUp() {
        fixtures = new EngineFixtures(context);
        ScriptedStep.reset();
    }

    @AfterEach
    void release() {
        ScriptedStep.release.countDown();
    }

    private WorkflowView workflow(List<Map<String, Object>> steps, String timeout) {
        return fixtures.workflow(
                workspace, Map.of("trigger", Map.of("type", "manual"), "steps", steps, "timeout", timeout));
    }

    /** Seconds from the database's now() to the run's deadline, or null when it has none. */
    private Double secondsLeft(UUID runId) {
        return jdbc.sql("SELECT extract(epoch FROM deadline_at - now()) FROM run WHERE id = :id")
                .param("id", runId)
                .query(Double.class)
                .optional()
                .orElse(null);
    }

    private void passDeadline(UUID runId) {
        jdbc.sql("UPDATE run SET deadline_at = now() - interval '1 second' WHERE id = :id")
                .param("id", runId)
                .update();
    }

    /** Whether the run's job is back in the queue, due in more than a minute (its delay step ran). */
    private boolean delayed(UUID runId) {
        return jdbc.sql("SELECT count(*) FROM job WHERE run_id = :id AND state = 'queued'"
                                + " AND run_at > now() + interval '1 minute'")
                        .param("id", runId)
                        .query(Long.class)
                        .single()
                == 1;
    }

    private long jobsOf(UUID runId) {
        return jdbc.sql("SELECT count(*) FROM job WHERE run_id = :id")
                .param("id", runId)
                .query(Long.class)
                .single();
    }

    @Test
    void aDelayedRunPastItsDeadlineFailsAsTimedOutAndARetryGetsANewDeadline() {
        WorkflowView workflow =
                workflow(List.of(Map.of("id", "nap", "type", "delay", "duration", "2h"), transform("after", 1)), "1h");
        UUID runId = fixtures.start(workspace, workflow, Map.of());
        Eventually.await("the delay to be parked in the queue", () -> delayed(runId));
        assertThat(secondsLeft(runId)).isBetween(3500.0, 3600.0);
        assertThat(deadlines.sweep()).isZero();

        passDeadline(runId);
        assertThat(deadlines.sweep()).isEqualTo(1);

        RunView run = runs.find(workspace, new RunId(runId));
        assertThat(run.status()).isEqualTo("failed");
        assertThat(run.error()).startsWith("timed-out");
        assertThat(jobsOf(runId)).isZero();
        assertThat(deadlines.sweep()).isZero();

        runs.retry(workspace, new RunId(runId));
        assertThat(secondsLeft(runId)).isBetween(3500.0, 3600.0);
    }

    @Test
    void aStepRunningAtTheDeadlineIsInterruptedAndItsResultDiscarded() {
        WorkflowView workflow =
                workflow(List.of(Map.of("id", "slow", "type", "scripted", "block", true), transform("after", 1)), "5m");
        UUID runId = fixtures.start(workspace, workflow, Map.of());
        Eventually.await("the step to start", () -> ScriptedStep.started.containsKey(runId));

        passDeadline(runId);
        assertThat(deadlines.sweep()).isEqualTo(1);

        Eventually.await("the step's thread to be interrupted", () -> ScriptedStep.interrupted.contains(runId));
        RunView run = runs.find(workspace, new RunId(runId));
        assertThat(run.status()).isEqualTo("failed");
        assertThat(run.error()).startsWith("timed-out");
        assertThat(run.steps()).isEmpty();
    }

    @Test
    void runsWithoutATimeoutAndEndedRunsHaveNoDeadline() {
        WorkflowView untimed =
                fixtures.workflow(workspace, List.of(Map.of("id", "nap", "type", "delay", "duration", "1h")));
        UUID running = fixtures.start(workspace, untimed, Map.of());
        Eventually.await("the delay to be parked in the queue", () -> delayed(running));
        // Pure steps run on arrival and are stored ended: no deadline to keep.
        UUID ended = fixtures.start(workspace, workflow(List.of(transform("t", 1)), "1h"), Map.of());

        assertThat(secondsLeft(running)).isNull();
        assertThat(secondsLeft(ended)).isNull();
        assertThat(deadlines.sweep()).isZero();
        assertThat(runs.find(workspace, new RunId(running)).status()).isEqualTo("running");
    }
}
