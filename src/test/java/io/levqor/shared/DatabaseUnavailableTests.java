package io.levqor.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.TransactionSystemException;

/** Which failures mean "the database is gone" (503, retry) rather than a bug (500). */
class DatabaseUnavailableTests {

    @Test
    void connectionFailuresAreRecognisedThroughTheirWrappers() {
        assertThat(DatabaseUnavailable.isCauseOf(new CannotGetJdbcConnectionException(
                        "no connection", new SQLTransientConnectionException("timed out"))))
                .isTrue();
        assertThat(DatabaseUnavailable.isCauseOf(
                        new RuntimeException(new SQLException("the database system is starting up", "57P03"))))
                .isTrue();
        assertThat(DatabaseUnavailable.isCauseOf(new SQLException("I/O error", "08006")))
                .isTrue();
    }

    @Test
    void aFailedRollbackAfterTheConnectionDiedIsRecognised() {
        // Seen at the moment the postmaster was killed: the INSERT failed, then the rollback on the dead connection.
        var rollback = new TransactionSystemException("JDBC rollback failed", new SQLException("Connection is closed"));
        rollback.initApplicationException(new DataAccessResourceFailureException(
                "insert", new SQLException("terminating connection due to unexpected postmaster exit")));

        assertThat(DatabaseUnavailable.isCauseOf(rollback)).isTrue();
    }

    @Test
    void otherFailuresAreNot() {
        assertThat(DatabaseUnavailable.isCauseOf(new IllegalStateException("bug")))
                .isFalse();
        assertThat(DatabaseUnavailable.isCauseOf(
                        new DataIntegrityViolationException("duplicate", new SQLException("duplicate key", "23505"))))
                .isFalse();
        assertThat(DatabaseUnavailable.isCauseOf(null)).isFalse();
    }
}
