package io.levqor.ops.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.stereotype.Component;

/**
 * The operator's commands {@code java -jar levqor.jar backup} and {@code java -jar levqor.jar restore <file or s3://bucket/key>
 * [--force]}: the process starts against the configured database, does the one thing, and exits (0 done, 1 failed
 * or archive refused, 2 restore refused or bad usage).
 */
@Component
class BackupCommands implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(BackupCommands.class);

    private final Backups backups;
    private final BackupRestore restore;
    private final BackupBucket bucket;
    private final ConfigurableApplicationContext context;

    BackupCommands(
            Backups backups, BackupRestore restore, BackupBucket bucket, ConfigurableApplicationContext context) {
        this.backups = backups;
        this.restore = restore;
        this.bucket = bucket;
        this.context = context;
    }

    @Override
    public void run(ApplicationArguments args) {
        List<String> words = args.getNonOptionArgs();
        if (words.isEmpty()
                || !(words.getFirst().equals("backup") || words.getFirst().equals("restore"))) {
            return;
        }
        int status = words.getFirst().equals("backup") ? backup() : restore(words, args.containsOption("force"));
        System.exit(SpringApplication.exit(context, () -> status));
    }

    int backup() {
        var row = backups.run("command");
        if (!"succeeded".equals(row.status())) {
            log.error("Backup failed: {}", row.error());
            return 1;
        }
        log.info(
                "Backup written and verified: {} ({} bytes, SHA-256 {})",
                row.fileName(),
                row.sizeBytes(),
                row.checksum());
        return 0;
    }

    int restore(List<String> words, boolean force) {
        if (words.size() != 2) {
            log.error("Usage: java -jar levqor.jar restore <archive file or s3://bucket/key> [--force]");
            return 2;
        }
        String location = words.get(1);
        Path downloaded = null;
        try {
            Path archive;
            if (location.startsWith("s3://")) {
                // Downloaded whole first: the restore reads the archive twice (check, then load).
                downloaded = bucket.download(location);
                archive = downloaded;
            } else {
                archive = Path.of(location);
            }
            restore.restore(archive, force);
            return 0;
        } catch (ArchiveRefused e) {
            log.error("Restore refused, nothing was written: {}", e.getMessage());
            return 1;
        } catch (RestoreRefused e) {
            log.error("Restore refused, nothing was written: {}", e.getMessage());
            return 2;
        } catch (Exception e) {
            log.error("Restore failed and was rolled back", e);
            return 1;
        } finally {
            if (downloaded != null) {
                deleteDownload(downloaded.getParent());
            }
        }
    }

    private static void deleteDownload(Path directory) {
        try (var files = Files.list(directory)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(directory);
        } catch (IOException e) {
            log.warn("Could not delete the downloaded archive in {}", directory, e);
        }
    }
}
