package io.levqor.engine.jdbc;

import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** NOTIFY hints between nodes (delivered at commit), and short lock waits for the engine's transactions. */
@Repository
public class QueueSignals {

    public static final String JOBS_CHANNEL = "levqor_jobs";
    public static final String CANCEL_CHANNEL = "levqor_cancel";

    private final JdbcClient jdbc;

    public QueueSignals(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void notifyJobsDue() {
        jdbc.sql("NOTIFY " + JOBS_CHANNEL).update();
    }

    public void notifyCancelled(UUID runId) {
        jdbc.sql("SELECT pg_notify('" + CANCEL_CHANNEL + "', :runId)")
                .param("runId", runId.toString())
                .query((rs, row) -> 1)
                .list();
    }

    /**
     * The engine's transactions are short and retried, so they give way instead of queueing behind a long lock
     * (a TRUNCATE in tests, a migration): better to fail fast than to deadlock with it.
     */
    public void shortLockWaits() {
        jdbc.sql("SET LOCAL lock_timeout = '200ms'").update();
    }
}
