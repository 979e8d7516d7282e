package io.levqor.engine.internal;

import com.zaxxer.hikari.HikariDataSource;
import io.levqor.engine.jdbc.QueueSignals;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * LISTENs on a dedicated connection (outside the pool, so it never holds a pooled one) and turns notifications
 * into wake-ups for idle workers and interrupts for cancelled runs. Polling covers any hint lost while the
 * connection was down.
 */
@Component
class QueueListener implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(QueueListener.class);

    private final DataSource dataSource;
    private final Worker worker;
    private final EngineSettings settings;
    private volatile boolean running;
    private volatile Thread thread;

    QueueListener(DataSource dataSource, Worker worker, EngineSettings settings) {
        this.dataSource = dataSource;
        this.worker = worker;
        this.settings = settings;
    }

    @Override
    public void start() {
        if (settings.workers() <= 0) {
            return;
        }
        running = true;
        thread = Thread.ofVirtual().name("levqor-listen").start(this::listenLoop);
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

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 2048;
    }

    private void listenLoop() {
        while (running) {
            try (Connection connection = open()) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + QueueSignals.JOBS_CHANNEL);
                    statement.execute("LISTEN " + QueueSignals.CANCEL_CHANNEL);
                }
                PGConnection pg = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(1_000);
                    if (notifications == null) {
                        continue;
                    }
                    for (PGNotification notification : notifications) {
                        if (QueueSignals.CANCEL_CHANNEL.equals(notification.getName())) {
                            worker.abandon(UUID.fromString(notification.getParameter()));
                        } else {
                            worker.wake();
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    log.debug("LISTEN connection lost; workers poll until it is back", e);
                    pause(Duration.ofSeconds(1));
                }
            }
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
