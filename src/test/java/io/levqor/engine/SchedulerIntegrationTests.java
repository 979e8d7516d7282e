package io.levqor.engine;

import static io.levqor.engine.EngineFixtures.transform;
import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.engine.internal.Scheduler;
import io.levqor.engine.jdbc.ScheduleRepository;
import io.levqor.shared.WorkspaceId;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.support.MutableClock;
import io.levqor.workflow.WorkflowView;
import io.levqor.workflow.Workflows;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@LevqorIntegrationTest
class SchedulerIntegrationTests {

    @Autowired
    org.springframework.context.ApplicationContext context;

    @Autowired
    Scheduler scheduler;

    @Autowired
    ScheduleRepository schedules;

    @Autowired
    Workflows workflows;

    @Autowired
    Runs runs;

    @Autowired
    MutableClock clock;

    @Autowired
    JdbcClient jdbc;

    private EngineFixtures fixtures;
    private final WorkspaceId workspace = WorkspaceId.newId();

    @BeforeEach
    void setUp() {
        fixtures = new EngineFixtures(context);
    }

    private WorkflowView scheduled(String cron) {
        return fixtures.workflow(
                workspace,
                Map.of(
                        "trigger", Map.of("type", "schedule", "cron", cron, "timezone", "Europe/London"),
                        "steps", List.of(transform("t", "{{ trigger.input.fireTime }}")),
                        "output", "{{ steps.t.output }}"));
    }

    private ScheduleRepository.ScheduleRow awaitSchedule(WorkflowView workflow) {
        return Eventually.await(
                "the schedule of " + workflow.id(),
                Duration.ofSeconds(30),
                () -> schedules.find(workspace, workflow.id().value()).orElse(null),
                row -> row != null);
    }

    private long runsAt(Instant fireTime) {
        return jdbc.sql("SELECT count(*) FROM run WHERE tenant_id = :t AND fire_time = :f")
                .param("t", workspace.value())
                .param("f", fireTime.atOffset(ZoneOffset.UTC))
                .query(Long.class)
                .single();
    }

    @Test
    void aFireHappensOnceWithThreeSchedulersRacing() throws Exception {
        WorkflowView workflow = scheduled("0 9 * * *");
        Instant fireTime = awaitSchedule(workflow).nextFireAt();
        Instant later = fireTime.plusSeconds(5);
        var go = new CountDownLatch(1);
        List<Future<Integer>> racers = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(3)) {
            for (int i = 0; i < 3; i++) {
                racers.add(pool.submit(() -> {
                    go.await();
                    return scheduler.fireDue(later);
                }));
            }
            go.countDown();
            int fired = 0;
            for (var racer : racers) {
                fired += racer.get();
            }
            assertThat(fired).isEqualTo(1);
        }
        assertThat(runsAt(fireTime)).isEqualTo(1);
        assertThat(schedules
                        .find(workspace, workflow.id().value())
                        .orElseThrow()
                        .nextFireAt())
                .isAfter(later);
        assertThat(scheduler.fireDue(later)).isZero();
        var run = runs.list(workspace, RunFilter.all(), null, 10).items().get(0);
        assertThat(fixtures.awaitEnd(workspace, run.id()).output()).isEqualTo(fireTime.toString());
        assertThat(run.trigger()).isEqualTo("schedule");
    }

    @Test
    void afterAnOutageItFiresOnceForTheMissedWindow() {
        WorkflowView workflow = scheduled("*/5 * * * *");
        awaitSchedule(workflow);
        // The node was down for three hours: 36 fires were missed.
        Instant missed = clock.instant().minus(Duration.ofHours(3)).truncatedTo(java.time.temporal.ChronoUnit.HOURS);
        jdbc.sql("UPDATE schedule SET next_fire_at = :at WHERE tenant_id = :t")
                .param("at", missed.atOffset(ZoneOffset.UTC))
                .param("t", workspace.value())
                .update();

        Instant now = clock.instant();
        assertThat(scheduler.fireDue(now)).isEqualTo(1);
        assertThat(scheduler.fireDue(now)).isZero();

        assertThat(runs.list(workspace, RunFilter.all(), null, 50).items()).hasSize(1);
        assertThat(schedules
                        .find(workspace, workflow.id().value())
                        .orElseThrow()
                        .nextFireAt())
                .isAfter(now);
    }

    @Test
    void aFireThatThePlanRefusesIsKeptAsARefusedRun() {
        // A free-plan workspace may start one run a day: the second fire is refused, and shown.
        var free = WorkspaceId.newId();
        WorkflowView workflow = workflows.create(
                free,
                null,
                "hourly",
                Map.of(
                        "trigger", Map.of("type", "schedule", "cron", "0 * * * *"),
                        "steps", List.of(transform("t", 1))),
                true,
                null);
        Eventually.await(
                "the schedule",
                () -> schedules.find(free, workflow.id().value()).isPresent());
        Instant first =
                schedules.find(free, workflow.id().value()).orElseThrow().nextFireAt();
        assertThat(scheduler.fireDue(first.plusSeconds(1))).isEqualTo(1);
        Instant second =
                schedules.find(free, workflow.id().value()).orElseThrow().nextFireAt();

        assertThat(scheduler.fireDue(second.plusSeconds(1))).isZero();

        var refused = runs.list(free, new RunFilter(null, RunStatus.REFUSED, null, null), null, 10)
                .items();
        assertThat(refused).hasSize(1);
        assertThat(refused.get(0).error()).isNotBlank();
        assertThat(refused.get(0).finishedAt()).isNotNull();
        assertThat(runs.list(free, RunFilter.all(), null, 10).items()).hasSize(2);
    }

    @Test
    void theScheduleFollowsItsWorkflow() {
        WorkflowView workflow = scheduled("0 9 * * MON-FRI");
        awaitSchedule(workflow);

        workflows.deactivate(workspace, workflow.id());

        Eventually.await(
                "the schedule to go",
                () -> schedules.find(workspace, workflow.id().value()).isEmpty());
    }
}
