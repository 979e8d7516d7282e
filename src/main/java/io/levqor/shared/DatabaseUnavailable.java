package io.levqor.shared;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * The database cannot be reached right now (it is restarting, or gone): answered {@code 503} with
 * {@code Retry-After}, because the request did nothing and may simply be sent again.
 */
public class DatabaseUnavailable extends ProblemException {

    /** What {@code Retry-After} says: about how long the embedded database takes to restart. */
    public static final int RETRY_AFTER_SECONDS = 5;

    public DatabaseUnavailable() {
        super(
                HttpStatus.SERVICE_UNAVAILABLE,
                "unavailable",
                "Service unavailable",
                "The database is unavailable; nothing was stored. Retry in " + RETRY_AFTER_SECONDS + " s.",
                Map.of("retryAfterSeconds", RETRY_AFTER_SECONDS));
    }

    /**
     * Whether the failure means "no database" rather than a bug: no connection could be had (pool timeout,
     * refused), the connection broke, or the server is shutting down or recovering (SQLSTATE classes 08, 57P).
     */
    public static boolean isCauseOf(@Nullable Throwable error) {
        int depth = 0;
        for (Throwable cause = error; cause != null && depth < 20; cause = cause.getCause(), depth++) {
            if (cause instanceof DatabaseUnavailable
                    || cause instanceof CannotCreateTransactionException
                    || cause instanceof DataAccessResourceFailureException
                    || cause instanceof SQLTransientConnectionException
                    || cause instanceof SQLNonTransientConnectionException
                    || cause instanceof SQLRecoverableException) {
                return true;
            }
            // The connection died mid-transaction and the rollback failed on it too ("Connection is closed"): the
            // rollback's failure replaces the statement's, which is kept as the application exception.
            if (cause instanceof TransactionSystemException failed
                    && (failed.getCause() instanceof SQLException || isCauseOf(failed.getApplicationException()))) {
                return true;
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                // 08: connection exception; 57P01-57P03: admin/crash shutdown, cannot connect now (recovery).
                if (state.startsWith("08") || state.startsWith("57P")) {
                    return true;
                }
            }
        }
        return false;
    }
}
