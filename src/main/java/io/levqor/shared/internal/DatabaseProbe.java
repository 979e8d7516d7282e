package io.levqor.shared.internal;

import io.levqor.shared.DatabaseAvailability;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Asks the database {@code SELECT 1} about once a second on a connection of its own (never one of the pool's, so a
 * busy pool never reads as a dead database), and keeps the answer: the readiness contributor {@code database} and
 * the fail-fast filter read it without touching the database. A caller that failed to reach the database
 * {@linkplain #suspect() wakes} the check at once.
 */
final class DatabaseProbe extends WatchThread implements DatabaseAvailability, HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(DatabaseProbe.class);
    private static final long LEAST_GAP_NANOS = Duration.ofMillis(100).toNanos();

    private final ConnectionInfo connection;
    private final Duration interval;
    private volatile boolean available = true;
    private volatile boolean embeddedDown;
    private volatile boolean heldDown;
    private volatile Instant since = Instant.now();
    private volatile @Nullable String lastError;
    private @Nullable Connection probeConnection;

    DatabaseProbe(ConnectionInfo connection, Duration interval) {
        super("levqor-db-probe");
        this.connection = connection;
        this.interval = interval;
    }

    @Override
    public boolean available() {
        return available;
    }

    @Override
    public void suspect() {
        wake();
    }

    /** The supervisor saw the embedded server die (true) or start again (false). */
    void embeddedDown(boolean down) {
        embeddedDown = down;
        if (down) {
            update(false, "the embedded PostgreSQL is not running");
        }
        suspect();
    }

    /** Answers as if the database were gone (true) until released (false): for tests and drills. */
    void holdDown(boolean down) {
        heldDown = down;
        if (down) {
            update(false, "held down");
        } else {
            update(check(), lastError);
        }
    }

    @Override
    public Health health() {
        Health.Builder health = available ? Health.up() : Health.down();
        health.withDetail("since", since.toString());
        String error = lastError;
        if (!available && error != null) {
            health.withDetail("error", error);
        }
        return health.build();
    }

    @Override
    protected void watch() {
        while (running()) {
            long started = System.nanoTime();
            update(check(), lastError);
            // At least a short gap, so that a storm of suspects during an outage does not spin the loop.
            LockSupport.parkNanos(LEAST_GAP_NANOS);
            long left = interval.toNanos() - (System.nanoTime() - started);
            if (left > 0 && running()) {
                LockSupport.parkNanos(left);
            }
        }
        closeConnection();
    }

    private boolean check() {
        if (heldDown || embeddedDown) {
            return false;
        }
        synchronized (this) {
            try {
                if (probeConnection == null || probeConnection.isClosed()) {
                    probeConnection = connect();
                }
                try (Statement statement = probeConnection.createStatement()) {
                    statement.setQueryTimeout(2);
                    statement.execute("SELECT 1");
                }
                return true;
            } catch (SQLException e) {
                lastError = e.getMessage();
                closeConnection();
                return false;
            }
        }
    }

    private Connection connect() throws SQLException {
        var properties = new Properties();
        if (connection.username() != null) {
            properties.setProperty("user", connection.username());
        }
        if (connection.password() != null) {
            properties.setProperty("password", connection.password());
        }
        // Seconds: a dead host must not stall the check longer than a refused port does.
        properties.setProperty("connectTimeout", "2");
        properties.setProperty("loginTimeout", "2");
        properties.setProperty("socketTimeout", "3");
        properties.setProperty("ApplicationName", "levqor-probe");
        return DriverManager.getConnection(connection.jdbcUrl(), properties);
    }

    private synchronized void closeConnection() {
        if (probeConnection != null) {
            try {
                probeConnection.close();
            } catch (SQLException ignored) {
                // already broken
            }
            probeConnection = null;
        }
    }

    private void update(boolean now, @Nullable String error) {
        if (now == available) {
            return;
        }
        Instant at = Instant.now();
        if (now) {
            log.info(
                    "The database answers again after {} s: serving requests",
                    Duration.between(since, at).toSeconds());
            lastError = null;
        } else {
            log.warn("The database is unreachable ({}): answering 503 until it is back", error);
        }
        since = at;
        available = now;
    }
}
