package io.levqor.ops.backup;

import io.levqor.ops.backup.jdbc.BackupRepository.BackupRow;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.stereotype.Component;

/**
 * Runs the backup {@code levqor.ops.backup.cron} asks for (UTC). Every node checks each minute; the fire time is the
 * backup's slot, a unique key in {@code ops_backup}, so the one node whose INSERT takes it runs the backup and the
 * others skip it, whatever their clocks. A slot is taken up to an hour late (a node restarting at 02:20 still makes
 * the 02:00 backup), never later: a fresh install does not start with a backup of nothing.
 */
@Component
public class BackupSchedule {

    private static final Logger log = LoggerFactory.getLogger(BackupSchedule.class);
    static final Duration CATCH_UP = Duration.ofHours(1);

    private final Backups backups;
    private final BackupSettings settings;
    private final CronExpression cron;
    private final Clock clock;

    BackupSchedule(Backups backups, BackupSettings settings, Clock clock) {
        this.backups = backups;
        this.settings = settings;
        this.clock = clock;
        try {
            this.cron = CronExpression.parse(settings.cron());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "levqor.ops.backup.cron is not a cron expression (six fields, seconds first): " + e.getMessage(),
                    e);
        }
    }

    @Scheduled(initialDelayString = "PT1M", fixedDelayString = "PT1M")
    void tick() {
        if (!settings.scheduleEnabled()) {
            return;
        }
        // Off the scheduler's thread: a backup can take minutes, and the other @Scheduled tasks share that thread.
        Thread.ofVirtual().name("levqor-backup-schedule").start(() -> {
            try {
                runDue();
            } catch (RuntimeException e) {
                log.error("The scheduled backup could not start", e);
            }
        });
    }

    /** Runs the backup of the latest slot due, unless another node (or this one) already took it. */
    public Optional<BackupRow> runDue() {
        Instant slot = dueSlot(clock.instant());
        return slot == null ? Optional.empty() : backups.runScheduled(slot);
    }

    /** The latest fire time at or before {@code now}, if it is less than {@link #CATCH_UP} ago. */
    @Nullable
    Instant dueSlot(Instant now) {
        ZonedDateTime candidate =
                cron.next(now.minus(CATCH_UP).atZone(ZoneOffset.UTC).minusNanos(1));
        Instant due = null;
        while (candidate != null && !candidate.toInstant().isAfter(now)) {
            due = candidate.toInstant();
            candidate = cron.next(candidate);
        }
        return due;
    }
}
