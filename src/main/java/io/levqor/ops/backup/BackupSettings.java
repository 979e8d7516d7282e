package io.levqor.ops.backup;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Backups, bound to {@code levqor.ops.backup.*} (docs/operations.md).
 *
 * @param directory where archives are written (the local target)
 * @param cron when the scheduled backup runs, a Spring cron expression (six fields) in UTC
 * @param scheduleEnabled false: only {@code java -jar levqor.jar backup} and the admin API make backups
 * @param keepDaily how many days keep their newest backup
 * @param keepWeekly how many ISO weeks keep their newest backup
 */
@ConfigurationProperties("levqor.ops.backup")
public record BackupSettings(
        @DefaultValue("./data/backups") Path directory,
        @DefaultValue("0 0 2 * * *") String cron,
        @DefaultValue("true") boolean scheduleEnabled,
        @DefaultValue("7") int keepDaily,
        @DefaultValue("4") int keepWeekly) {

    public BackupSettings {
        if (keepDaily < 0 || keepWeekly < 0) {
            throw new IllegalArgumentException("levqor.ops.backup.keep-daily and keep-weekly must not be negative");
        }
        if (keepDaily + keepWeekly == 0) {
            throw new IllegalArgumentException("levqor.ops.backup.keep-daily and keep-weekly cannot both be 0: "
                    + "every backup would be deleted as soon as it is made");
        }
    }
}
