package io.levqor.ops.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.support.LevqorProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar levqor.jar backup} and {@code restore} as an operator runs them, on the embedded database: two jar
 * starts (a third, serving the restored install, would break the process-test budget).
 */
class BackupCommandsProcessTests {

    // Generous: a loaded CI machine is slow; this checks the commands, not their speed.
    static final Duration START = Duration.ofSeconds(240);
    static final String MASTER_KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

    @TempDir
    Path work;

    @Test
    void backsUpOneInstallAndRestoresItIntoAnother() throws Exception {
        Path first = work.resolve("first");
        Path second = work.resolve("second");
        try (var backup = LevqorProcess.start(env(first), work.resolve("backup.log"), "backup")) {
            assertThat(backup.awaitExit(START)).as(backup.output()).isZero();
            assertThat(backup.output()).contains("Backup written and verified");
        }
        Path archive;
        try (Stream<Path> files = Files.list(first.resolve("backups"))) {
            archive = files.filter(file -> file.toString().endsWith(BackupFiles.SUFFIX))
                    .findFirst()
                    .orElseThrow();
        }

        try (var restore =
                LevqorProcess.start(env(second), work.resolve("restore.log"), "restore", archive.toString())) {
            assertThat(restore.awaitExit(START)).as(restore.output()).isZero();
            assertThat(restore.output()).contains("Restored " + archive.getFileName());
        }
    }

    private static Map<String, String> env(Path data) {
        return Map.of("LEVQOR_DATA_DIR", data.toString(), "LEVQOR_MASTER_KEY", MASTER_KEY);
    }
}
