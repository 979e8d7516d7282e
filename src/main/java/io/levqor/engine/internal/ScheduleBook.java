package io.levqor.engine.internal;

import io.levqor.engine.jdbc.ScheduleRepository;
import io.levqor.workflow.CronSchedule;
import io.levqor.workflow.Trigger;
import io.levqor.workflow.WorkflowChanged;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/** Keeps the schedule table in step with workflows: idempotent, since events may come more than once. */
@Component
public class ScheduleBook {

    private static final Logger log = LoggerFactory.getLogger(ScheduleBook.class);

    private final ScheduleRepository schedules;
    private final Clock clock;

    ScheduleBook(ScheduleRepository schedules, Clock clock) {
        this.schedules = schedules;
        this.clock = clock;
    }

    @ApplicationModuleListener
    public void on(WorkflowChanged event) {
        Trigger trigger = event.trigger();
        if (event.deleted() || !event.active() || !trigger.isSchedule() || trigger.cron() == null) {
            schedules.delete(event.workspace(), event.workflow().value(), event.version());
            return;
        }
        CronSchedule cron;
        try {
            cron = CronSchedule.parse(trigger.cron(), trigger.zone());
        } catch (IllegalArgumentException e) {
            log.warn("workflow {} has an unusable schedule: {}", event.workflow(), e.getMessage());
            return;
        }
        schedules.save(
                event.workspace(),
                event.workflow().value(),
                event.version(),
                cron.expression(),
                cron.zone().getId(),
                cron.nextAfter(clock.instant()));
    }
}
