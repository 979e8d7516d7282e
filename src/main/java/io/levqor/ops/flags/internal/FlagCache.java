package io.levqor.ops.flags.internal;

import com.zaxxer.hikari.HikariDataSource;
import io.levqor.ops.flags.jdbc.FlagRepository;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The node's in-memory copy of every flag. A change anywhere NOTIFYs {@link FlagRepository#CHANNEL} at commit; this
 * node LISTENs on a dedicated connection (outside the pool, as the engine's queue listener does) and reloads. Behind
 * it, the change counter is compared every {@link FlagSettings#pollInterval()}, so a notification lost while the
 * connection was down costs at most one interval.
 */
public class FlagCache implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(FlagCache.class);

    private final DataSource dataSource;
    private final FlagRepository repository;
    private final TransactionTemplate readOnly;
    private final Duration pollInterval;
    private volatile FlagSnapshot snapshot = FlagSnapshot.EMPTY;
    private volatile boolean running;
    private volatile Thread thread;

    public FlagCache(
            DataSource dataSource,
            FlagRepository repository,
            PlatformTransactionManager transactions,
            FlagSettings settings) {
        this.dataSource = dataSource;
        this.repository = repository;
        this.readOnly = new TransactionTemplate(transactions);
        // One snapshot of both tables: the flags and their overrides must come from the same commit.
        readOnly.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        readOnly.setReadOnly(true);
        this.pollInterval = settings.pollInterval();
    }

    /** The flags as this node last loaded them. */
    public FlagSnapshot snapshot() {
        return snapshot;
    }

    /** Loads every flag now (after a change made on this node, so that it applies here before the call returns). */
    public void reload() {
        FlagSnapshot loaded = readOnly.execute(status -> {
            repository.shortLockWaits();
            return FlagSnapshot.of(repository.version(), repository.all());
        });
        if (loaded != null) {
            snapshot = loaded;
        }
    }

    @Override
    public void start() {
        reload();
        running = true;
        thread = Thread.ofVirtual().name("levqor-flags").start(this::listenLoop);
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

    // Before the web server starts taking requests: the first evaluation already sees the stored flags.
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 4096;
    }

    private void listenLoop() {
        while (running) {
            try (Connection connection = open()) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + FlagRepository.CHANNEL);
                }
                // Anything changed between the first load and the LISTEN would otherwise wait for the poll.
                reloadIfChanged();
                PGConnection pg = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notifications = pg.getNotifications((int) pollInterval.toMillis());
                    if (notifications != null && notifications.length > 0) {
                        reload();
                    } else {
                        reloadIfChanged();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    log.debug("Flag LISTEN connection lost; polling until it is back", e);
                    pollQuietly();
                    pause(pollInterval);
                }
            }
        }
    }

    private void reloadIfChanged() {
        if (repository.version() != snapshot.version()) {
            reload();
        }
    }

    private void pollQuietly() {
        try {
            reloadIfChanged();
        } catch (RuntimeException e) {
            log.debug("Flag poll failed; keeping the flags loaded last", e);
        }
    }

    private Connection open() throws SQLException {
        if (dataSource instanceof HikariDataSource hikari) {
            return DriverManager.getConnection(hikari.getJdbcUrl(), hikari.getUsername(), hikari.getPassword());
        }
        return dataSource.getConnection();
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
