package io.levqor.engine.internal;

import io.levqor.billing.RunAdmission;
import io.levqor.engine.RunStatus;
import io.levqor.engine.jdbc.JobQueue;
import io.levqor.engine.jdbc.NewRun;
import io.levqor.engine.jdbc.RunRepository;
import io.levqor.engine.jdbc.ScheduleRepository;
import io.levqor.engine.jdbc.ScheduleRepository.ScheduleRow;
import io.levqor.shared.Ids;
import io.levqor.shared.ProblemException;
import io.levqor.workflow.CronSchedule;
import io.levqor.workflow.Definition;
import io.levqor.workflow.WorkflowId;
import io.levqor.workflow.Workflows;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Fires due cron schedules. Any node may: due schedules are locked with SKIP LOCKED, and the run is inserted
 * with the unique key (schedule, fire time) in the same transaction that moves the schedule on, so each fire
 * happens once however many nodes race. After downtime a schedule fires once for the missed window and moves
 * to its next time after now, rather than replaying every missed fire.
 */
@Component
public class Scheduler implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Scheduler.class);

    private final ScheduleRepository schedules;
    private final RunRepository runs;
    private final JobQueue queue;
    private final RunAdmission admission;
    private final Workflows workflows;
    private final Json json;
    private final Clock clock;
    private final Notifier notifier;
    private final Worker worker;
    private final EngineSettings settings;
    private final TransactionTemplate tx;
    private final TransactionTemplate nested;
    private volatile boolean running;
    private volatile Thread thread;

    Scheduler(
            ScheduleRepository schedules,
            RunRepository runs,
            JobQueue queue,
            RunAdmission admission,
            Workflows workflows,
            Json json,
            Clock clock,
            Notifier notifier,
            Worker worker,
            EngineSettings settings,
            PlatformTransactionManager transactions) {
        this.schedules = schedules;
        this.runs = runs;
        this.queue = queue;
        this.admission = admission;
        this.workflows = workflows;
        this.json = json;
        this.clock = clock;
        this.notifier = notifier;
        this.worker = worker;
        this.settings = settings;
        this.tx = new TransactionTemplate(transactions);
        this.nested = new TransactionTemplate(transactions);
        this.nested.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    }

    /** Fires every schedule due at {@code now}; returns how many fires this call made. */
    public int fireDue(Instant now) {
        Integer fired = tx.execute(status -> {
            int count = 0;
            for (ScheduleRow schedule : schedules.lockDue(now, 100)) {
                if (fire(schedule)) {
                    count++;
                }
                schedules.setNextFire(schedule.tenant(), schedule.workflowId(), next(schedule, now));
            }
            if (count > 0) {
                notifier.jobsDue();
            }
            return count;
        });
        if (fired != null && fired > 0) {
            worker.wake();
        }
        return fired == null ? 0 : fired;
    }

    private boolean fire(ScheduleRow schedule) {
        UUID runId = Ids.newId();
        long priority = queue.takeSlots(schedule.tenant(), 1);
        String trigger = json.write(
                Map.of("input", Map.of("fireTime", schedule.nextFireAt().toString())));
        try {
            Boolean inserted = nested.execute(status -> {
                boolean stored = runs.insert(run(schedule, runId, trigger, priority, RunStatus.QUEUED, null));
                if (stored) {
                    admission.admit(schedule.tenant(), runId, "schedule");
                    queue.enqueue(schedule.tenant(), runId, 0, priority, null);
                }
                return stored;
            });
            return Boolean.TRUE.equals(inserted);
        } catch (ProblemException refused) {
            // Kept as a run so the builder sees the fire that the plan turned down.
            runs.insert(run(schedule, Ids.newId(), trigger, priority, RunStatus.REFUSED, refused.getMessage()));
            return false;
        }
    }

    private NewRun run(
            ScheduleRow schedule, UUID runId, String trigger, long priority, RunStatus status, String error) {
        Definition definition = definition(schedule);
        return new NewRun(
                schedule.tenant(),
                runId,
                schedule.workflowId(),
                schedule.version(),
                definition != null && definition.concurrency() != null,
                status,
                "schedule",
                trigger,
                null,
                schedule.nextFireAt(),
                priority,
                clock.instant(),
                error,
                null,
                definition == null ? null : definition.timeout());
    }

    private @Nullable Definition definition(ScheduleRow schedule) {
        try {
            return workflows
                    .version(schedule.tenant(), new WorkflowId(schedule.workflowId()), schedule.version())
                    .definition();
        } catch (ProblemException gone) {
            // The version vanished with its workflow: the run fails when it starts, capped or not.
            return null;
        }
    }

    private static Instant next(ScheduleRow schedule, Instant now) {
        return CronSchedule.parse(schedule.cron(), ZoneId.of(schedule.zone())).nextAfter(now);
    }

    @Override
    public void start() {
        if (settings.workers() <= 0) {
            return;
        }
        running = true;
        thread = Thread.ofVirtual().name("levqor-scheduler").start(() -> {
            while (running) {
                try {
                    Thread.sleep(settings.scheduleInterval());
                    fireDue(clock.instant());
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    log.warn("firing schedules failed; trying again", e);
                }
            }
        });
    }

    @Override
    public void stop() {
        running = false;
        Thread current = thread;
        if (current != null) {
            current.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
