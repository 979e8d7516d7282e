package io.levqor.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.engine.internal.Worker;
import io.levqor.engine.jdbc.ClaimedJob;
import io.levqor.engine.jdbc.ConcurrencySlots;
import io.levqor.engine.jdbc.JobQueue;
import io.levqor.engine.jdbc.NewRun;
import io.levqor.engine.jdbc.RunRepository;
import io.levqor.shared.Ids;
import io.levqor.shared.WorkspaceId;
import io.levqor.support.LevqorIntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The queue itself, with this node's background workers stopped so the test holds every claim. */
@LevqorIntegrationTest
class JobQueueIntegrationTests {

    private static final Duration LEASE = Duration.ofSeconds(30);

    @Autowired
    JobQueue queue;

    @Autowired
    Worker worker;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    RunRepository runs;

    @Autowired
    ConcurrencySlots slots;

    @Autowired
    org.springframework.transaction.support.TransactionTemplate tx;

    private final WorkspaceId tenant = WorkspaceId.newId();

    @BeforeEach
    void stopWorkers() {
        worker.stop();
    }

    @AfterEach
    void startWorkers() {
        worker.start();
    }

    private UUID enqueue(WorkspaceId workspace, Instant runAt) {
        UUID runId = Ids.newId();
        queue.enqueue(workspace, runId, 0, queue.takeSlots(workspace, 1), runAt);
        return runId;
    }

    /**
     * A step done in place moves its job on (advance) and saves its run's progress: both change no indexed column, and
     * with room left in their pages (V82's fillfactor) PostgreSQL writes them as HOT updates, touching no index. The
     * rows updated sit in the first of several pages filled by inserts, where a full page would force the new row
     * version elsewhere.
     */
    @Test
    void advancingAJobAndSavingItsRunsProgressAreHotUpdatesInPagesFilledByInserts() {
        Long hot = tx.execute(status -> {
            jdbc.sql("""
                            INSERT INTO job (tenant_id, run_id, step_index, state, priority, run_at, attempt, worker,
                                             lease_until)
                            SELECT :t, gen_random_uuid(), 0, 'running', n, now(), 1, 'w', now() + interval '1 hour'
                              FROM generate_series(1, 400) n
                            """).param("t", tenant.value()).update();
            jdbc.sql("""
                            INSERT INTO run (tenant_id, id, workflow_id, version, status, trigger_type, trigger,
                                             created_at)
                            SELECT :t, gen_random_uuid(), gen_random_uuid(), 1, 'running', 'manual',
                                   '{"input": null}', now()
                              FROM generate_series(1, 300) n
                            """).param("t", tenant.value()).update();
            var first = jdbc.sql("SELECT id, run_id, enqueued_at FROM job WHERE tenant_id = :t ORDER BY id LIMIT 1")
                    .param("t", tenant.value())
                    .query((rs, row) -> new ClaimedJob(
                            rs.getLong("id"),
                            tenant,
                            rs.getObject("run_id", UUID.class),
                            0,
                            1,
                            1,
                            "w",
                            rs.getObject("enqueued_at", java.time.OffsetDateTime.class)
                                    .toInstant()))
                    .single();
            UUID firstRun = jdbc.sql("SELECT id FROM run WHERE tenant_id = :t ORDER BY ctid LIMIT 1")
                    .param("t", tenant.value())
                    .query(UUID.class)
                    .single();

            assertThat(queue.advanceAll(List.of(new JobQueue.Advance(first, 1))))
                    .containsExactly(first.id());
            runs.saveProgressAll(List.of(new RunRepository.Progress(tenant, firstRun, 1, "{\"s0\": {\"n\": 1}}")));

            return jdbc.sql("""
                            SELECT pg_stat_get_xact_tuples_hot_updated('job'::regclass) * 10
                                   + pg_stat_get_xact_tuples_hot_updated('run'::regclass)
                            """).query(Long.class).single();
        });

        assertThat(hot).as("HOT updates: job × 10 + run").isEqualTo(11L);
    }

    @Test
    void claimsOnlyDueJobs() {
        UUID due = enqueue(tenant, null);
        enqueue(tenant, Instant.now().plus(Duration.ofHours(1)));

        List<ClaimedJob> claimed = queue.claim("a", LEASE, 10);

        assertThat(claimed).extracting(ClaimedJob::runId).containsExactly(due);
        assertThat(claimed.get(0).attempt()).isEqualTo(1);
        assertThat(queue.claim("b", LEASE, 10)).isEmpty();
    }

    @Test
    void twoWorkersNeverRunTheSameAttempt() throws Exception {
        for (int i = 0; i < 400; i++) {
            enqueue(i % 2 == 0 ? tenant : WorkspaceId.newId(), null);
        }
        Set<Long> seen = ConcurrentHashMap.newKeySet();
        List<Long> duplicates = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(2)) {
            List<Future<Integer>> workers = new ArrayList<>();
            for (String name : List.of("a", "b")) {
                workers.add(pool.submit(() -> {
                    int total = 0;
                    List<ClaimedJob> batch;
                    while (!(batch = queue.claim(name, LEASE, 7)).isEmpty()) {
                        for (ClaimedJob job : batch) {
                            if (!seen.add(job.id())) {
                                synchronized (duplicates) {
                                    duplicates.add(job.id());
                                }
                            }
                            assertThat(queue.delete(job)).isTrue();
                        }
                        total += batch.size();
                    }
                    return total;
                }));
            }
            int claimed = workers.get(0).get() + workers.get(1).get();
            assertThat(claimed).isEqualTo(400);
        }
        assertThat(duplicates).isEmpty();
        assertThat(seen).hasSize(400);
    }

    @Test
    void anExpiredLeaseReturnsTheJobAndTheLateFinishIsDiscarded() {
        UUID runId = enqueue(tenant, null);
        ClaimedJob first = queue.claim("a", Duration.ofMillis(1), 10).get(0);

        Eventually.await("the lease to expire and the job to return", () -> queue.releaseExpiredLeases(100) == 1);
        ClaimedJob second = queue.claim("b", LEASE, 10).get(0);

        assertThat(second.runId()).isEqualTo(runId);
        assertThat(second.attempt()).isEqualTo(2);
        assertThat(queue.delete(first)).as("the old worker's late finish").isFalse();
        assertThat(queue.requeue(first, 1, 0, null, Duration.ZERO)).isFalse();
        assertThat(queue.renew("a", List.of(first.id()), LEASE)).isEmpty();
        assertThat(queue.delete(second)).isTrue();
    }

    @Test
    void anAdvanceKeepsTheLeaseAndAStaleHolderNeverMatchesAgain() {
        enqueue(tenant, null);
        ClaimedJob first = queue.claim("a", Duration.ofMillis(1), 10).get(0);
        Eventually.await("the lease to expire and the job to return", () -> queue.releaseExpiredLeases(100) == 1);
        // The same node claims again (same worker name): only the attempt and, later, the step tell them apart.
        ClaimedJob second = queue.claim("a", LEASE, 10).get(0);

        assertThat(queue.advanceAll(List.of(new JobQueue.Advance(second, 1)))).containsExactly(second.id());
        ClaimedJob moved = second.advancedTo(1);
        assertThat(moved.attempt()).isEqualTo(first.attempt()).as("attempt 1 again, of step 1");
        assertThat(queue.advanceAll(List.of(new JobQueue.Advance(first, 1))))
                .as("the stale holder of step 0")
                .isEmpty();
        assertThat(queue.delete(first)).isFalse();
        assertThat(queue.claim("b", LEASE, 10))
                .as("still leased after the advance")
                .isEmpty();
        assertThat(queue.renew("a", List.of(moved.id()), LEASE)).containsExactly(moved.id());
        assertThat(queue.delete(moved)).isTrue();
    }

    @Test
    void givingBackAConcurrencySlotWakesTheNextRunWaitingForOne() {
        UUID workflowId = Ids.newId();
        UUID waiting = Ids.newId();
        runs.insert(new NewRun(
                tenant,
                waiting,
                workflowId,
                1,
                true,
                RunStatus.QUEUED,
                "api",
                "{}",
                null,
                null,
                0,
                Instant.now(),
                null,
                null));
        queue.enqueue(tenant, waiting, 0, 0, Instant.now().plus(Duration.ofHours(1)));
        assertThat(slots.acquire(tenant, workflowId, 1)).isTrue();

        slots.release(tenant, workflowId);

        assertThat(queue.claim("a", LEASE, 10)).extracting(ClaimedJob::runId).containsExactly(waiting);
        assertThat(slots.acquire(tenant, workflowId, 1))
                .as("the slot is free again")
                .isTrue();
    }

    @Test
    void aLiveLeaseIsNotReaped() {
        enqueue(tenant, null);
        ClaimedJob job = queue.claim("a", LEASE, 10).get(0);

        assertThat(queue.releaseExpiredLeases(100)).isZero();
        assertThat(queue.renew("a", List.of(job.id()), LEASE)).containsExactly(job.id());
        assertThat(queue.claim("b", LEASE, 10)).isEmpty();
    }

    @Test
    void aFloodFromOneWorkspaceDoesNotDelayAnotherWorkspacesRun() {
        WorkspaceId flood = WorkspaceId.newId();
        long first = queue.takeSlots(flood, 20_000);
        jdbc.sql("""
                        INSERT INTO job (tenant_id, run_id, step_index, priority, run_at)
                        SELECT :tenant, gen_random_uuid(), 0, :first + n, now() FROM generate_series(0, 19999) n
                        """).param("tenant", flood.value()).param("first", first).update();
        // The flood is being served: a few batches are already gone.
        for (int i = 0; i < 3; i++) {
            queue.claim("a", LEASE, 32).forEach(queue::delete);
        }

        UUID single = enqueue(WorkspaceId.newId(), null);

        Set<UUID> firstTwoBatches = new HashSet<>();
        for (int i = 0; i < 2; i++) {
            queue.claim("a", LEASE, 32).forEach(job -> firstTwoBatches.add(job.runId()));
        }
        assertThat(firstTwoBatches).contains(single);
    }

    @Test
    void aWorkspaceThatFloodsQueuesBehindItself() {
        WorkspaceId flood = WorkspaceId.newId();
        List<UUID> floodRuns = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            floodRuns.add(enqueue(flood, null));
        }
        WorkspaceId other = WorkspaceId.newId();
        UUID late = enqueue(other, null);

        List<UUID> order =
                queue.claim("a", LEASE, 200).stream().map(ClaimedJob::runId).toList();

        assertThat(order.indexOf(late)).isLessThanOrEqualTo(1);
        assertThat(order).containsAll(floodRuns);
    }
}
