package io.levqor.shared.internal;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL whose cluster lives in {@code <data dir>/postgres} and survives restarts.
 * One Levqor at a time may own a data directory; the second one fails fast instead of sharing the cluster.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

    private final FileChannel lockChannel;
    private final FileLock lock;
    private final EmbeddedPostgres postgres;
    private final boolean freshCluster;

    private EmbeddedPostgresServer(FileChannel lockChannel, FileLock lock, EmbeddedPostgres postgres, boolean fresh) {
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.postgres = postgres;
        this.freshCluster = fresh;
    }

    /** Starts (and on first use creates) the cluster under {@code dataDir}. */
    public static EmbeddedPostgresServer start(
            Path dataDir, Duration startupTimeout, Map<String, String> serverConfig) {
        Path root = dataDir.toAbsolutePath().normalize();
        Path cluster = root.resolve("postgres");
        FileChannel channel = null;
        try {
            Files.createDirectories(root);
            channel =
                    FileChannel.open(root.resolve("levqor.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = tryLock(channel);
            if (lock == null) {
                throw new DataDirectoryInUse(root);
            }
            boolean fresh = !Files.exists(cluster.resolve("postgresql.conf"));
            stopOrphanedServer(cluster);
            var builder = EmbeddedPostgres.builder()
                    .setDataDirectory(cluster)
                    .setCleanDataDirectory(false)
                    .setPGStartupWait(startupTimeout);
            serverConfig.forEach(builder::setServerConfig);
            if (fresh) {
                log.info("Creating a new PostgreSQL cluster in {}", cluster);
            }
            EmbeddedPostgres postgres = builder.start();
            return new EmbeddedPostgresServer(channel, lock, postgres, fresh);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + cluster, e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    private static @Nullable FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null; // held by this very JVM
        }
    }

    /**
     * A JVM killed with SIGKILL leaves its postmaster running. We hold the data directory's lock, so no other
     * Levqor owns that server: stop it, or {@code pg_ctl start} would refuse to start.
     */
    private static void stopOrphanedServer(Path cluster) throws IOException {
        Path pidFile = cluster.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        Optional<ProcessHandle> orphan = Files.readAllLines(pidFile).stream()
                .findFirst()
                .map(String::trim)
                .filter(line -> line.matches("\\d+"))
                .flatMap(pid -> ProcessHandle.of(Long.parseLong(pid)))
                .filter(p -> p.info().command().orElse("").contains("postgres"));
        if (orphan.isEmpty()) {
            return;
        }
        log.warn(
                "Stopping PostgreSQL process {} left running by an earlier Levqor",
                orphan.get().pid());
        orphan.get().destroy(); // SIGTERM: PostgreSQL's smart shutdown, which its dead clients no longer delay
        try {
            orphan.get().onExit().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IOException("PostgreSQL process " + orphan.get().pid() + " did not stop", e);
        }
    }

    public String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    public int port() {
        return postgres.getPort();
    }

    /** True when this start created the cluster, i.e. the data directory was empty. */
    public boolean freshCluster() {
        return freshCluster;
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            log.warn("Could not stop the embedded PostgreSQL cleanly", e);
        } finally {
            try {
                lock.release();
            } catch (IOException e) {
                log.debug("Releasing the data directory lock failed", e);
            }
            closeQuietly(lockChannel);
        }
    }

    private static void closeQuietly(@Nullable FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing left to do
            }
        }
    }

    /** Another process already runs Levqor on this data directory. */
    public static final class DataDirectoryInUse extends IllegalStateException {
        DataDirectoryInUse(Path dataDir) {
            super("The data directory " + dataDir + " is in use by another running Levqor. Stop that one first, "
                    + "or give this one its own directory with LEVQOR_DATA_DIR.");
        }
    }
}
