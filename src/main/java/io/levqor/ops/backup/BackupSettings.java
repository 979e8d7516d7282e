package io.levqor.ops.backup;

import java.net.URI;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
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
 * @param s3 the S3-compatible bucket every verified archive is also uploaded to (off without a bucket)
 */
@ConfigurationProperties("levqor.ops.backup")
public record BackupSettings(
        @DefaultValue("./data/backups") Path directory,
        @DefaultValue("0 0 2 * * *") String cron,
        @DefaultValue("true") boolean scheduleEnabled,
        @DefaultValue("7") int keepDaily,
        @DefaultValue("4") int keepWeekly,
        @DefaultValue S3 s3) {

    public BackupSettings {
        if (keepDaily < 0 || keepWeekly < 0) {
            throw new IllegalArgumentException("levqor.ops.backup.keep-daily and keep-weekly must not be negative");
        }
        if (keepDaily + keepWeekly == 0) {
            throw new IllegalArgumentException("levqor.ops.backup.keep-daily and keep-weekly cannot both be 0: "
                    + "every backup would be deleted as soon as it is made");
        }
    }

    /**
     * The S3-compatible target, {@code levqor.ops.backup.s3.*}.
     *
     * @param bucket the bucket; blank turns the target off
     * @param endpoint an S3-compatible server (MinIO, Ceph, R2…), addressed path-style; unset means AWS itself
     * @param region the signing region
     * @param prefix put before every object key, e.g. {@code levqor/}
     * @param accessKey with {@code secretKey}: static credentials; unset means the AWS default credentials chain
     * @param secretKey see {@code accessKey}
     */
    public record S3(
            @Nullable String bucket,
            @Nullable URI endpoint,
            @DefaultValue("us-east-1") String region,
            @DefaultValue("") String prefix,
            @Nullable String accessKey,
            @Nullable String secretKey) {

        public S3 {
            if (prefix.startsWith("/")) {
                throw new IllegalArgumentException("levqor.ops.backup.s3.prefix must not start with '/'");
            }
        }

        /** Off: no bucket configured. */
        public static S3 off() {
            return new S3(null, null, "us-east-1", "", null, null);
        }

        public boolean enabled() {
            return bucket != null && !bucket.isBlank();
        }
    }
}
