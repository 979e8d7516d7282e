package io.levqor.ops.backup;

import io.levqor.ops.backup.jdbc.BackupRepository.BackupRow;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.function.ToDoubleFunction;
import org.springframework.stereotype.Component;

/**
 * {@code levqor_backup_last_success_timestamp_seconds}, {@code levqor_backup_last_size_bytes} and
 * {@code levqor_backup_last_duration_seconds}: the last verified backup, for an alert on its age (0 before the first).
 */
@Component
class BackupMetrics implements MeterBinder {

    private final Backups backups;

    BackupMetrics(Backups backups) {
        this.backups = backups;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        gauge(
                registry,
                "levqor.backup.last.success.timestamp",
                "seconds",
                "When the last verified backup started",
                row -> row.startedAt().getEpochSecond());
        gauge(
                registry,
                "levqor.backup.last.size",
                "bytes",
                "Size of the last verified backup's archive",
                row -> row.sizeBytes() == null ? 0 : row.sizeBytes());
        gauge(
                registry,
                "levqor.backup.last.duration",
                "seconds",
                "Time the last verified backup took, verification included",
                row -> row.durationMs() == null ? 0 : row.durationMs() / 1000.0);
    }

    private void gauge(
            MeterRegistry registry, String name, String unit, String description, ToDoubleFunction<BackupRow> value) {
        Gauge.builder(name, backups, b -> {
                    try {
                        return b.lastSuccess().map(value::applyAsDouble).orElse(0.0);
                    } catch (RuntimeException e) {
                        return Double.NaN; // the database is away; the next scrape asks again
                    }
                })
                .baseUnit(unit)
                .description(description)
                .strongReference(true)
                .register(registry);
    }
}
