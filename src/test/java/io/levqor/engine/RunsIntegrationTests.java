package io.levqor.engine;

import static io.levqor.engine.EngineFixtures.transform;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.levqor.connectors.StepRequest;
import io.levqor.engine.internal.Worker;
import io.levqor.shared.WorkspaceId;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.workflow.WorkflowView;
import io.levqor.workflow.Workflows;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@LevqorIntegrationTest
class RunsIntegrationTests {

    @Autowired
    org.springframework.context.ApplicationContext context;

    @Autowired
    Runs runs;

    @Autowired
    Workflows workflows;

    @Autowired
    Worker worker;

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
    void releaseBlockedSteps() {
        ScriptedStep.release.countDown();
    }

    private static Map<String, Object> scripted(String id, Map<String, Object> config) {
        var step = new java.util.LinkedHashMap<String, Object>(config);
        step.put("id", id);
        step.put("type", "scripted");
        return step;
    }

    private static Map<String, Object> fastRetry(int maxAttempts) {
        return Map.of("maxAttempts", maxAttempts, "initialDelay", "10ms", "maxDelay", "20ms");
    }

    @Test
    void runsStepsInOrderAndAnswersTheOutput() {
        WorkflowView workflow = fixtures.workflow(
                workspace,
                Map.of(
                        "trigger", Map.of("type", "manual"),
                        "steps",
                                List.of(
                                        transform("greet", Map.of("message", "{{ 'Hello ' & trigger.input.name }}")),
                                        scripted("call", Map.of("echo", "{{ steps.greet.output.message }}")),
                                        transform("shout", "{{ $uppercase(steps.call.output.echo) }}")),
                        "output", Map.of("result", "{{ steps.shout.output }}", "run", "{{ run.id }}")));

        UUID runId = fixtures.start(workspace, workflow, Map.of("name", "Ada"));
        RunView run = fixtures.awaitEnd(workspace, runId);

        assertThat(run.status()).isEqualTo("succeeded");
        assertThat(run.output()).isEqualTo(Map.of("result", "HELLO ADA", "run", runId.toString()));
        assertThat(run.input()).isEqualTo(Map.of("name", "Ada"));
        assertThat(run.trigger()).isEqualTo("api");
        assertThat(run.finishedAt()).isNotNull();
        assertThat(run.steps()).extracting(RunView.Step::id).containsExactly("greet", "call", "shout");
        assertThat(run.steps()).allSatisfy(step -> {
            assertThat(step.status()).isEqualTo("succeeded");
            assertThat(step.attempts()).hasSize(1);
        });
        assertThat(run.steps().get(1).attempts().get(0).input()).isEqualTo(Map.of("echo", "Hello Ada"));
        assertThat(ScriptedStep.calls.get(0).idempotencyKey()).isEqualTo(runId + ":call");
    }

    @Test
    void aRunOfPureStepsRunsOnArrivalAndIsStoredEndedWithItsAttemptsAndNoJob() {
        WorkflowView workflow = fixtures.workflow(
                workspace,
                Map.of(
                        "trigger", Map.of("type", "manual"),
                        "steps",
                                List.of(
                                        transform("greet", "{{ 'Hello ' & trigger.input.name }}"),
                                        transform("shout", "{{ $uppercase(steps.greet.output) }}")),
                        "output", "{{ steps.shout.output }}"));

        StartedRun started = runs.start(workspace, workflow.id(), Map.of("name", "Ada"), "eager-1");
        StartedRun repeated = runs.start(workspace, workflow.id(), Map.of("name", "Bob"), "eager-1");

        assertThat(started.status()).isEqualTo("succeeded");
        assertThat(repeated).isEqualTo(started);
        RunView run = runs.find(workspace, new RunId(started.runId()));
        assertThat(run.status()).isEqualTo("succeeded");
        assertThat(run.output()).isEqualTo("HELLO ADA");
        assertThat(run.finishedAt()).isNotNull();
        assertThat(run.steps()).extracting(RunView.Step::id).containsExactly("greet", "shout");
        assertThat(run.steps()).allSatisfy(step -> assertThat(step.attempts()).hasSize(1));
        assertThat(jobsOf(started.runId())).isZero();
        assertThat(runs.list(workspace, new RunFilter(null, RunStatus.SUCCEEDED, null, null), null, 10)
                        .items())
                .extracting(RunView::id)
                .containsExactly(started.runId());
    }

    @Test
    void aPureRunThatFailsOnArrivalIsStoredFailedWithTheReason() {
        WorkflowView workflow = fixtures.workflow(
                workspace,
                Map.of(
                        "trigger",
                        Map.of("type", "manual"),
                        "steps",
                        List.of(transform("broken", "{{ $error('no such customer') }}"))));

        StartedRun started = runs.start(workspace, workflow.id(), Map.of(), null);

        assertThat(started.status()).isEqualTo("failed");
        RunView run = runs.find(workspace, new RunId(started.runId()));
        assertThat(run.error()).contains("no such customer");
        assertThat(jobsOf(started.runId())).isZero();
    }

    @Test
    void aRunWithASideEffectStepOrOnANodeWithoutWorkersGoesThroughTheQueue() {
        WorkflowView pure = fixtures.workflow(
                workspace, Map.of("trigger", Map.of("type", "manual"), "steps", List.of(transform("t", "1"))));
        WorkflowView effect = fixtures.workflow(
                workspace,
                Map.of(
                        "trigger",
                        Map.of("type", "manual"),
                        "steps",
                        List.of(transform("t", "1"), scripted("call", Map.of("echo", "x")))));

        assertThat(runs.start(workspace, effect.id(), Map.of(), null).status()).isEqualTo("queued");
        worker.stop();
        try {
            StartedRun waiting = runs.start(workspace, pure.id(), Map.of(), null);
            assertThat(waiting.status()).isEqualTo("queued");
            assertThat(jobsOf(waiting.runId())).isOne();
        } finally {
            worker.start();
        }
    }

    @Test
    void longChainsOfSideEffectStepsRunInOrderOnceEachAcrossClaims() {
        // More steps than one claim runs in a row (steps-per-claim is 16), so the run also goes back to the queue.
        int count = 40;
        List<Map<String, Object>> chain = new java.util.ArrayList<>();
        chain.add(scripted("s0", Map.of("echo", "0")));
        for (int i = 1; i < count; i++) {
            chain.add(scripted("s" + i, Map.of("echo", "{{ steps.s" + (i - 1) + ".output.echo & '." + i + "' }}")));
        }
        WorkflowView workflow = fixtures.workflow(
                workspace,
                Map.of(
                        "trigger",
                        Map.of("type", "manual"),
                        "steps",
                        chain,
                        "output",
                        "{{ steps.s" + (count - 1) + ".output.echo }}"));

        UUID runId = fixtures.start(workspace, workflow, Map.of());
        RunView run = fixtures.awaitEnd(workspace, runId);

        assertThat(run.status()).isEqualTo("succeeded");
        assertThat((String) run.output()).startsWith("0.1.2.3.").endsWith("." + (count - 1));
        assertThat(run.steps()).hasSize(count);
        assertThat(run.steps()).allSatisfy(step -> assertThat(step.attempts()).hasSize(1));
        assertThat(ScriptedStep.calls)
                .extracting(StepRequest::idempotencyKey)
                .doesNotHaveDuplicates()
                .hasSize(count);
    }

    @Test
    void anIfThatIsFalseSkipsTheStepAndAFilterEndsTheRun() {
        WorkflowView workflow = fixtures.workflow(
                workspace,
                Map.of(
                        "trigger", Map.of("type", "manual"),
                        "steps",
                                List.of(
                                        Map.of(
                                                "id",
                                                "skipped",
                                                "type",
                                                "transform",
                                                "if",
                                                "{{ trigger.input.vip }}",
                                                "output",
                                                1),
                                        Map.of("id", "vipOnly", "type", "filter", "if", "{{ trigger.input.vip }}"),
                                        transform("after", 2)),
                        "output", "{{ steps.after.output }}"));

        RunView plain = fixtures.awaitEnd(workspace, fixtures.start(workspace, workflow, Map.of("vip", false)));
        RunView vip = fixtures.awaitEnd(workspace, fixtures.start(workspace, workflow, Map.of("vip", true)));

        assertThat(plain.status()).isEqualTo("succeeded");
        assertThat(plain.steps()).extracting(RunView.Step::status).containsExactly("skipped", "succeeded");
        assertThat(plain.output()).isNull();
        assertThat(vip.status()).isEqualTo("succeeded");
        assertThat(vip.output()).isEqualTo(2);
    }

    @Test
    void retriesFollowThePolicyThenTheRunIsADeadLetter() {
        WorkflowView workflow = fixtures.workflow(
                workspace, List.of(scripted("flaky", Map.of("failTimes", 100, "retry", fastRetry(3)))));

        UUID runId = fixtures.start(workspace, workflow, Map.of());
        RunView run = fixtures.awaitEnd(workspace, runId);

        assertThat(run.status()).isEqualTo("failed");
        assertThat(run.error()).contains("flaky").contains("scripted failure 3");
        assertThat(run.steps().get(0).attempts())
                .hasSize(3)
                .allSatisfy(a -> assertThat(a.error()).isNotNull());
        assertThat(run.steps().get(0).attempts())
                .extracting(RunView.Attempt::number)
                .containsExactly(1, 2, 3);
        assertThat(ScriptedStep.callsOf(runId, "flaky")).isEqualTo(3);
        assertThat(runs.list(workspace, new RunFilter(null, RunStatus.FAILED, null, null), null, 50)
                        .items())
                .extracting(RunView::id)
                .containsExactly(runId);
    }

    @Test
    void aStepThatIgnoresItsTimeoutIsInterruptedAndRetriedLikeATimeout() {
        WorkflowView workflow = fixtures.workflow(
                workspace,
                List.of(scripted("stuck", Map.of("block", true, "timeout", "100ms", "retry", fastRetry(2)))));

        UUID runId = fixtures.start(workspace, workflow, Map.of());
        RunView run = fixtures.awaitEnd(workspace, runId);

        assertThat(run.status()).isEqualTo("failed");
        assertThat(run.steps().get(0).attempts())
                .hasSize(2)
                .allSatisfy(a -> assertThat(a.error()).contains("timed out after 100 ms"));
        assertThat(ScriptedStep.interrupted).contains(runId);
    }

    @Test
    void aRetryableFailureSucceedsOnALaterAttempt() {
        WorkflowView workflow = fixtures.workflow(
                workspace,
                List.of(scripted("flaky", Map.of("failTimes", 2, "retryAfterMillis", 20, "retry", fastRetry(5)))));

        RunView run = fixtures.awaitEnd(workspace, fixtures.start(workspace, workflow, Map.of()));

        assertThat(run.status()).isEqualTo("succeeded");
        assertThat(run.steps().get(0).attempts()).hasSize(3);
        assertThat(run.steps().get(0).attempts().get(2).output()).isEqualTo(Map.of("attempt", 3, "echo", "null"));
    }

    @Test
    void aPermanentFailureIsNotRetried() {
        WorkflowView workflow = fixtures.workflow(
                workspace, List.of(scripted("broken", Map.of("permanent", true, "retry", fastRetry(5)))));

        UUID runId = fixtures.start(workspace, workflow, Map.of());
        RunView run = fixtures.awaitEnd(workspace, runId);

        assertThat(run.status()).isEqualTo("failed");
        assertThat(ScriptedStep.callsOf(runId, "broken")).isEqualTo(1);
    }

    @Test
    void retryReplaysAFailedRunFromTheFailedStep() {
        WorkflowView workflow = fixtures.workflow(
                workspace,
                Map.of(
                        "trigger", Map.of("type", "manual"),
                        "steps",
                                List.of(
                                        scripted("first", Map.of("echo", "one")),
                                        scripted(
                                                "second",
                                                Map.of("permanent", true, "echo", "{{ steps.first.output.echo }}")),
                                        transform("third", "{{ steps.second.output.echo & '!' }}")),
                        "output", "{{ steps.third.output }}"));
        UUID runId = fixtures.start(workspace, workflow, Map.of());
        assertThat(fixtures.awaitEnd(workspace, runId).status()).isEqualTo("failed");

        ScriptedStep.healed.add(runId);
        runs.retry(workspace, new RunId(runId));
        RunView run = fixtures.awaitEnd(workspace, runId);

        assertThat(run.status()).isEqualTo("succeeded");
        assertThat(run.output()).isEqualTo("one!");
        assertThat(ScriptedStep.callsOf(runId, "first")).isEqualTo(1);
        assertThat(ScriptedStep.callsOf(runId, "second")).isEqualTo(2);
        assertThat(run.steps().get(1).attempts()).hasSize(2);
        assertThatThrownBy(() -> runs.retry(workspace, new RunId(runId))).isInstanceOf(RunStateConflict.class);
    }

    @Test
    void cancelStopsARunningStepAndDiscardsItsResult() {
        WorkflowView workflow =
                fixtures.workflow(workspace, List.of(scripted("slow", Map.of("block", true)), transform("after", 1)));
        UUID runId = fixtures.start(workspace, workflow, Map.of());
        Eventually.await("the step to start", () -> ScriptedStep.started.containsKey(runId));
        assertThat(runs.find(workspace, new RunId(runId)).status()).isEqualTo("running");

        RunView cancelled = runs.cancel(workspace, new RunId(runId));

        assertThat(cancelled.status()).isEqualTo("cancelled");
        Eventually.await("the step's thread to be interrupted", () -> ScriptedStep.interrupted.contains(runId));
        assertThat(jobsOf(runId)).isZero();
        RunView run = runs.find(workspace, new RunId(runId));
        assertThat(run.status()).isEqualTo("cancelled");
        assertThat(run.steps()).isEmpty();
        assertThatThrownBy(() -> runs.cancel(workspace, new RunId(runId))).isInstanceOf(RunStateConflict.class);
    }

    @Test
    void cancelStopsADelayedRun() {
        WorkflowView workflow = fixtures.workflow(
                workspace, List.of(Map.of("id", "wait", "type", "delay", "duration", "1h"), transform("after", 1)));
        UUID runId = fixtures.start(workspace, workflow, Map.of());
        Eventually.await(
                "the delay to start",
                () -> runs.find(workspace, new RunId(runId)).steps().size() == 1);

        assertThat(runs.cancel(workspace, new RunId(runId)).status()).isEqualTo("cancelled");
        assertThat(jobsOf(runId)).isZero();
    }

    @Test
    void cancelStopsAQueuedRun() {
        CappedRuns capped = startTwoRunsOfACappedWorkflow();
        UUID first = capped.first();
        UUID second = capped.second();

        assertThat(runs.find(workspace, new RunId(second)).status()).isEqualTo("queued");
        assertThat(runs.cancel(workspace, new RunId(second)).status()).isEqualTo("cancelled");
        ScriptedStep.release.countDown();

        assertThat(fixtures.awaitEnd(workspace, first).status()).isEqualTo("succeeded");
        assertThat(ScriptedStep.callsOf(second, "slow")).isZero();
        assertThat(jobsOf(second)).isZero();
    }

    @Test
    void aWorkflowsConcurrencyCapHoldsBackItsOtherRuns() {
        CappedRuns capped = startTwoRunsOfACappedWorkflow();
        UUID first = capped.first();
        UUID second = capped.second();
        UUID otherWorkflowsRun =
                fixtures.start(workspace, fixtures.workflow(workspace, List.of(transform("t", 1))), Map.of());

        assertThat(fixtures.awaitEnd(workspace, otherWorkflowsRun).status()).isEqualTo("succeeded");
        assertThat(runs.find(workspace, new RunId(second)).status()).isEqualTo("queued");
        assertThat(ScriptedStep.started).doesNotContainKey(second);

        ScriptedStep.release.countDown();
        assertThat(fixtures.awaitEnd(workspace, first).status()).isEqualTo("succeeded");
        assertThat(fixtures.awaitEnd(workspace, second).status()).isEqualTo("succeeded");
    }

    @Test
    void aDelaySurvivesARestart() {
        WorkflowView workflow = fixtures.workflow(
                workspace,
                Map.of(
                        "trigger", Map.of("type", "manual"),
                        "steps",
                                List.of(
                                        Map.of("id", "wait", "type", "delay", "duration", "1h"),
                                        transform("after", "{{ steps.wait.output.until }}")),
                        "output", "{{ steps.after.output }}"));
        UUID runId = fixtures.start(workspace, workflow, Map.of());
        Eventually.await(
                "the delay to start",
                () -> runs.find(workspace, new RunId(runId)).steps().size() == 1);
        OffsetDateTime due = jdbc.sql("SELECT run_at FROM job WHERE run_id = :id")
                .param("id", runId)
                .query(OffsetDateTime.class)
                .single();
        assertThat(due.toInstant()).isAfter(java.time.Instant.now().plus(Duration.ofMinutes(59)));

        worker.stop();
        try {
            // An hour passes while the node is down: the job is all that remembers the delay.
            jdbc.sql("UPDATE job SET run_at = now() WHERE run_id = :id")
                    .param("id", runId)
                    .update();
        } finally {
            worker.start();
        }

        RunView run = fixtures.awaitEnd(workspace, runId);
        assertThat(run.status()).isEqualTo("succeeded");
        assertThat(run.output())
                .isEqualTo(
                        run.steps().get(0).attempts().get(0).output() instanceof Map<?, ?> m ? m.get("until") : null);
    }

    @Test
    void theSameIdempotencyKeyAnswersTheSameRun() {
        WorkflowView workflow = fixtures.workflow(workspace, List.of(transform("t", 1)));

        StartedRun first = runs.start(workspace, workflow.id(), Map.of("n", 1), "key-1");
        StartedRun again = runs.start(workspace, workflow.id(), Map.of("n", 2), "key-1");
        StartedRun other = runs.start(workspace, workflow.id(), Map.of("n", 3), "key-2");
        WorkspaceId otherWorkspace = WorkspaceId.newId();
        StartedRun elsewhere = runs.start(
                otherWorkspace,
                fixtures.workflow(otherWorkspace, List.of(transform("t", 1))).id(),
                Map.of(),
                "key-1");

        assertThat(again.runId()).isEqualTo(first.runId());
        assertThat(other.runId()).isNotEqualTo(first.runId());
        assertThat(elsewhere.runId()).isNotEqualTo(first.runId());
        assertThat(runs.list(workspace, RunFilter.all(), null, 50).items()).hasSize(2);
    }

    @Test
    void concurrentRequestsWithOneIdempotencyKeyMakeOneRun() throws Exception {
        WorkflowView workflow = fixtures.workflow(workspace, List.of(transform("t", 1)));
        List<java.util.concurrent.Future<StartedRun>> answers = new ArrayList<>();
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 20; i++) {
                answers.add(pool.submit(() -> runs.start(workspace, workflow.id(), Map.of(), "same")));
            }
        }
        java.util.Set<UUID> ids = new java.util.HashSet<>();
        for (var answer : answers) {
            ids.add(answer.get().runId());
        }
        assertThat(ids).hasSize(1);
    }

    @Test
    void aHostileExpressionTimesOutAndFailsTheRun() {
        WorkflowView workflow = fixtures.workflow(
                workspace,
                List.of(transform("evil", "{{ ($loop := function($n) { $n < 0 ? $n : $loop($n + 1) }; $loop(0)) }}")));

        RunView run = fixtures.awaitEnd(workspace, fixtures.start(workspace, workflow, Map.of()));

        assertThat(run.status()).isEqualTo("failed");
        assertThat(run.error()).containsPattern("timed out|recursed deeper");
    }

    @Test
    void listsNewestFirstWithACursor() {
        WorkflowView workflow = fixtures.workflow(workspace, List.of(transform("t", 1)));
        List<UUID> started = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            started.add(fixtures.start(workspace, workflow, Map.of("i", i)));
        }

        RunPage first = runs.list(workspace, new RunFilter(workflow.id().value(), null, null, null), null, 3);
        RunPage second = runs.list(workspace, RunFilter.all(), first.nextCursor(), 3);

        assertThat(first.items())
                .extracting(RunView::id)
                .containsExactly(started.get(4), started.get(3), started.get(2));
        assertThat(second.items()).extracting(RunView::id).containsExactly(started.get(1), started.get(0));
        assertThat(second.nextCursor()).isNull();
        assertThat(runs.list(WorkspaceId.newId(), RunFilter.all(), null, 10).items())
                .isEmpty();
        assertThatThrownBy(() -> runs.find(WorkspaceId.newId(), new RunId(started.get(0))))
                .isInstanceOf(RunNotFound.class);
    }

    /** Two runs of a workflow capped at one running run: the first is started and blocked, the second queued. */
    private CappedRuns startTwoRunsOfACappedWorkflow() {
        WorkflowView workflow = fixtures.workflow(
                workspace,
                Map.of(
                        "trigger", Map.of("type", "manual"),
                        "concurrency", 1,
                        "steps", List.of(scripted("slow", Map.of("block", true)))));
        UUID first = fixtures.start(workspace, workflow, Map.of());
        Eventually.await("the first run to start", () -> ScriptedStep.started.containsKey(first));
        return new CappedRuns(first, fixtures.start(workspace, workflow, Map.of()));
    }

    private record CappedRuns(UUID first, UUID second) {}

    private long jobsOf(UUID runId) {
        return jdbc.sql("SELECT count(*) FROM job WHERE run_id = :id")
                .param("id", runId)
                .query(Long.class)
                .single();
    }
}
