package io.levqor.shared.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.FileSystemUtils;

/**
 * A real PostgreSQL whose cluster lives in {@code <data dir>/postgres} and survives restarts, run with
 * {@code pg_ctl}. One Levqor at a time may own a data directory; the second one fails fast instead of sharing
 * the cluster.
 *
 * <p>We drive {@code pg_ctl} ourselves rather than through zonky's {@code EmbeddedPostgres}: that class
 * disables {@code fsync} (fine for tests, not for a user's data) and stops the server from its own JVM shutdown
 * hook, which races Spring's graceful shutdown and pulls the database from under requests still in flight.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

    private static final boolean RUNNING_AS_ROOT = new com.sun.security.auth.module.UnixSystem().getUid() == 0;

    private final Path binaries;
    private final Path cluster;
    private final int port;
    private final boolean freshCluster;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final List<String> options;
    private final Duration startupTimeout;
    private volatile boolean stopped;

    private EmbeddedPostgresServer(
            Path binaries,
            Path cluster,
            int port,
            boolean freshCluster,
            FileChannel lockChannel,
            FileLock lock,
            List<String> options,
            Duration startupTimeout) {
        this.binaries = binaries;
        this.cluster = cluster;
        this.port = port;
        this.freshCluster = freshCluster;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.options = options;
        this.startupTimeout = startupTimeout;
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
            Path binaries = PostgresBinaries.installed();
            boolean fresh = !Files.exists(cluster.resolve("PG_VERSION"));
            if (fresh) {
                log.info("Creating a new PostgreSQL cluster in {}", cluster);
                FileSystemUtils.deleteRecursively(cluster); // a half-made earlier attempt
                run(
                        binaries,
                        startupTimeout,
                        "initdb",
                        "-A",
                        "trust",
                        "-U",
                        "postgres",
                        "-D",
                        cluster.toString(),
                        "-E",
                        "UTF-8",
                        "--locale=C");
            }
            stopOrphanedServer(cluster);
            int port = freePort();
            List<String> options = new ArrayList<>(List.of("-p", Integer.toString(port)));
            options.addAll(List.of("-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=''"));
            shippedLibrariesOnly(binaries, serverConfig)
                    .forEach((key, value) -> options.addAll(List.of("-c", key + "=" + value)));
            pgCtlStart(binaries, cluster, options, startupTimeout);
            return new EmbeddedPostgresServer(
                    binaries, cluster, port, fresh, channel, lock, List.copyOf(options), startupTimeout);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException(
                    "Could not start the embedded PostgreSQL in " + cluster + " (its log is "
                            + cluster.resolve("server.log") + ")",
                    e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    /**
     * The server settings with {@code shared_preload_libraries} cut to the libraries these binaries ship: a library
     * PostgreSQL cannot find stops it from starting at all, and a missing extension must cost a feature, not the
     * database.
     */
    static Map<String, String> shippedLibrariesOnly(Path binaries, Map<String, String> serverConfig) {
        String preload = serverConfig.get(PRELOAD);
        if (preload == null) {
            return serverConfig;
        }
        List<String> shipped = new ArrayList<>();
        for (String library : preload.split(",")) {
            String name = library.trim();
            if (name.isEmpty()) {
                continue;
            }
            if (shipsLibrary(binaries, name)) {
                shipped.add(name);
            } else {
                log.warn(
                        "The embedded PostgreSQL binaries in {} do not ship {}: it is not preloaded, and what needs it"
                                + " reports itself unavailable",
                        binaries,
                        name);
            }
        }
        Map<String, String> config = new java.util.LinkedHashMap<>(serverConfig);
        if (shipped.isEmpty()) {
            config.remove(PRELOAD);
        } else {
            config.put(PRELOAD, String.join(",", shipped));
        }
        return config;
    }

    private static final String PRELOAD = "shared_preload_libraries";

    /** Whether {@code lib/postgresql} (or {@code lib}, as some builds lay it out) holds the library. */
    static boolean shipsLibrary(Path binaries, String name) {
        for (Path dir : List.of(binaries.resolve("lib").resolve("postgresql"), binaries.resolve("lib"))) {
            for (String suffix : List.of(".so", ".dylib", ".dll")) {
                if (Files.isRegularFile(dir.resolve(name + suffix))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void pgCtlStart(Path binaries, Path cluster, List<String> options, Duration startupTimeout)
            throws IOException {
        run(
                binaries,
                startupTimeout,
                "pg_ctl",
                "-D",
                cluster.toString(),
                "-l",
                cluster.resolve("server.log").toString(),
                "-o",
                String.join(" ", options),
                "-w",
                "-t",
                Long.toString(Math.max(1, startupTimeout.toSeconds())),
                "start");
    }

    /** The postmaster's process id, from {@code postmaster.pid}; empty when the server is not running. */
    public Optional<ProcessHandle> postmaster() {
        try {
            return postmasterOf(cluster);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<ProcessHandle> postmasterOf(Path cluster) throws IOException {
        Path pidFile = cluster.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        return Files.readAllLines(pidFile).stream()
                .findFirst()
                .map(String::trim)
                .filter(line -> line.matches("\\d+"))
                .flatMap(pid -> ProcessHandle.of(Long.parseLong(pid)))
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().orElse("").contains("postgres"));
    }

    /**
     * Starts the server again after it died, on the same port (the pool's URL names it). PostgreSQL replays its
     * write-ahead log first (crash recovery), so every committed transaction is there again; {@code pg_ctl -w}
     * returns once it accepts connections. Fails while the dead server's sessions still hold its shared memory:
     * the caller tries again.
     */
    public synchronized void restart() throws IOException {
        if (stopped) {
            throw new IOException("the embedded PostgreSQL was stopped");
        }
        pgCtlStart(binaries, cluster, options, startupTimeout);
    }

    public boolean stopped() {
        return stopped;
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
        Optional<ProcessHandle> orphan = postmasterOf(cluster);
        if (orphan.isEmpty()) {
            return; // a stale pid file; PostgreSQL itself recovers from it
        }
        log.warn(
                "Stopping PostgreSQL process {} left running by an earlier Levqor",
                orphan.get().pid());
        orphan.get().destroy(); // SIGTERM: PostgreSQL's smart shutdown, which its dead clients no longer delay
        try {
            orphan.get().onExit().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IOException("PostgreSQL process " + orphan.get().pid() + " did not stop", e);
        }
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
    }

    public int port() {
        return port;
    }

    /** True when this start created the cluster, i.e. the data directory was empty. */
    public boolean freshCluster() {
        return freshCluster;
    }

    /** Stops PostgreSQL ("fast": open sessions are ended, committed work is safe) and releases the directory. */
    @Override
    public synchronized void close() {
        if (stopped) {
            return;
        }
        stopped = true;
        try {
            run(
                    binaries,
                    Duration.ofSeconds(60),
                    "pg_ctl",
                    "-D",
                    cluster.toString(),
                    "-m",
                    "fast",
                    "-w",
                    "-t",
                    "60",
                    "stop");
        } catch (IOException | RuntimeException e) {
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

    private static void run(Path binaries, Duration timeout, String program, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        if (RUNNING_AS_ROOT) {
            // PostgreSQL refuses to run as root. In a fresh user namespace it sees an unprivileged uid, while
            // the kernel still checks file access as the real owner of the data directory.
            command.addAll(List.of("unshare", "-U"));
        }
        command.add(binaries.resolve("bin").resolve(program).toString());
        command.addAll(List.of(args));
        Path output = Files.createTempFile("levqor-" + program, ".log");
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            if (!process.waitFor(timeout.toMillis() + 5_000, TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IOException(program + " did not finish within " + timeout);
            }
            if (process.exitValue() != 0) {
                throw new IOException(program + " failed (exit " + process.exitValue() + "): "
                        + Files.readString(output).trim());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while running " + program, e);
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
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
