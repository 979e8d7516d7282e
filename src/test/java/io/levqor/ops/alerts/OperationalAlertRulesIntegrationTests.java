package io.levqor.ops.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.engine.internal.Worker;
import io.levqor.ops.alerts.jdbc.AlertRepository;
import io.levqor.ops.errors.ErrorTracking;
import io.levqor.shared.Ids;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.support.MutableClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The queue-age, worker-stall and error-spike rules, each firing and resolving through a real evaluation round. */
@LevqorIntegrationTest
class OperationalAlertRulesIntegrationTests {

    @Autowired
    AlertEvaluator evaluator;

    @Autowired
    AlertRepository repository;

    @Autowired
    Worker worker;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ErrorTracking errors;

    @Autowired
    MutableClock clock;

    // The queue to ourselves: a running worker would claim (and reap) the jobs these tests plant.
    @BeforeEach
    void stopWorkers() {
        worker.stop();
    }

    @AfterEach
    void startWorkers() {
        jdbc.sql("DELETE FROM job").update();
        worker.start();
    }

    @Test
    void queueOldestAgeFiresWhenTheOldestDueJobWaitedLongerThanTheLimitAndResolvesWhenItIsTaken() {
        job("queued", "now() - interval '1 minute'", null);
        evaluator.evaluate();
        assertThat(names()).doesNotContain(QueueAgeRule.NAME);

        long old = job("queued", "now() - interval '7 minutes'", null);
        // Due in the future: waiting, but not for a worker.
        job("queued", "now() + interval '1 hour'", null);
        evaluator.evaluate();
        assertThat(repository.firing())
                .filteredOn(a -> a.name().equals(QueueAgeRule.NAME))
                .singleElement()
                .satisfies(a -> {
                    assertThat(a.severity()).isEqualTo("warning");
                    assertThat(a.annotations().get("summary"))
                            .startsWith("The oldest due job has waited 7 min for a worker (limit 5 min); 2 due jobs");
                    assertThat(a.annotations()).containsEntry("due", "2");
                });

        jdbc.sql("DELETE FROM job WHERE id = :id").param("id", old).update();
        evaluator.evaluate();
        assertThat(names()).doesNotContain(QueueAgeRule.NAME);
        assertThat(resolved()).contains(QueueAgeRule.NAME);
    }

    @Test
    void workerStalledFiresForLeasesNobodyPutBackAndForDueWorkNobodyClaims() {
        // A lease that ran out a moment ago is the reaper's to return: not yet a stall.
        job("running", "now() - interval '1 minute'", "now() - interval '10 seconds'");
        evaluator.evaluate();
        assertThat(names()).doesNotContain(WorkerStallRule.NAME);

        job("running", "now() - interval '10 minutes'", "now() - interval '3 minutes'");
        evaluator.evaluate();
        assertThat(repository.firing())
                .filteredOn(a -> a.name().equals(WorkerStallRule.NAME))
                .singleElement()
                .satisfies(a -> {
                    assertThat(a.labels()).isEqualTo(Map.of("reason", "lease-expired"));
                    assertThat(a.severity()).isEqualTo("critical");
                    assertThat(a.annotations().get("summary"))
                            .startsWith("2 running jobs lost their worker: the oldest lease ran out 3 min ago");
                });

        jdbc.sql("DELETE FROM job").update();
        evaluator.evaluate();
        assertThat(names()).doesNotContain(WorkerStallRule.NAME);

        // Due work waiting longer than no-claims-for while nothing runs: no worker claims.
        job("queued", "now() - interval '6 minutes'", null);
        evaluator.evaluate();
        assertThat(repository.firing())
                .filteredOn(a -> a.name().equals(WorkerStallRule.NAME))
                .singleElement()
                .satisfies(a -> assertThat(a.labels()).isEqualTo(Map.of("reason", "no-claims")));

        // A worker holding a live lease is claiming: the no-claims stall resolves (the queue may still be old).
        job("running", "now() - interval '10 seconds'", "now() + interval '30 seconds'");
        evaluator.evaluate();
        assertThat(names()).doesNotContain(WorkerStallRule.NAME).contains(QueueAgeRule.NAME);
        assertThat(repository.history("resolved", 50))
                .filteredOn(a -> a.name().equals(WorkerStallRule.NAME))
                .extracting(a -> a.labels().get("reason"))
                .containsExactlyInAnyOrder("lease-expired", "no-claims");
    }

    @Test
    void errorSpikeFiresAboveTheThresholdInTheWindowAndResolvesOnceTheWindowMovesOn() {
        for (int i = 0; i < 50; i++) {
            errors.serverError("spike" + i, new IllegalStateException("boom " + i), "GET", "/api/v1/things");
        }
        evaluator.evaluate();
        // 50 is the threshold itself: only more than it is a spike.
        assertThat(names()).doesNotContain(ErrorSpikeRule.NAME);

        errors.serverError("spike50", new IllegalArgumentException("other"), "GET", "/api/v1/things");
        evaluator.evaluate();
        assertThat(repository.firing())
                .filteredOn(a -> a.name().equals(ErrorSpikeRule.NAME))
                .singleElement()
                .satisfies(a -> {
                    assertThat(a.severity()).isEqualTo("warning");
                    assertThat(a.annotations().get("summary"))
                            .isEqualTo("51 unexpected errors in the last 5 min (more than 50); most were "
                                    + "java.lang.IllegalStateException (50)");
                    assertThat(a.annotations()).containsKey("topFingerprint");
                });

        clock.advance(Duration.ofMinutes(7));
        evaluator.evaluate();
        assertThat(names()).doesNotContain(ErrorSpikeRule.NAME);
        assertThat(resolved()).contains(ErrorSpikeRule.NAME);

        // Counts older than two days are pruned by the rule's round.
        clock.advance(Duration.ofDays(3));
        evaluator.evaluate();
        assertThat(jdbc.sql("SELECT count(*) FROM ops_error_minutes")
                        .query(Long.class)
                        .single())
                .isZero();
    }

    private List<String> names() {
        return repository.firing().stream().map(Alert::name).toList();
    }

    private List<String> resolved() {
        return repository.history("resolved", 50).stream().map(Alert::name).toList();
    }

    // SQL expressions for the times: due times and leases are the database clock's, as the engine writes them.
    private long job(String state, String runAt, String leaseUntil) {
        UUID run = Ids.newId();
        return jdbc.sql("""
                        INSERT INTO job (tenant_id, run_id, step_index, state, priority, run_at, worker, lease_until,
                                         enqueued_at)
                        VALUES (:tenant, :run, 0, :state, 0, %s, %s, %s, %s)
                        RETURNING id
                        """.formatted(
                        runAt, leaseUntil == null ? "NULL" : "'gone'", leaseUntil == null ? "NULL" : leaseUntil, runAt))
                .param("tenant", Ids.newId())
                .param("run", run)
                .param("state", state)
                .query(Long.class)
                .single();
    }
}
