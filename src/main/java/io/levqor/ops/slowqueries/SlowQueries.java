package io.levqor.ops.slowqueries;

import io.levqor.ops.slowqueries.jdbc.StatementStatistics;
import io.levqor.ops.slowqueries.jdbc.StatementStatistics.Status;
import io.levqor.shared.FieldError;
import io.levqor.shared.ValidationFailed;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * The operator's slow-query list from {@code pg_stat_statements}. It is never a reason for Levqor not to start: when
 * the extension cannot be read the list says so and why ({@link SlowQueryReport#available()} false).
 */
@Component
public class SlowQueries {

    /** The most statements one list shows. */
    public static final int MAX_LIMIT = 100;

    /** The orders a list can have. */
    public static final List<String> ORDERS = List.of("total", "mean");

    private static final Logger log = LoggerFactory.getLogger(SlowQueries.class);

    private final StatementStatistics statistics;
    private final SlowQuerySettings settings;

    SlowQueries(StatementStatistics statistics, SlowQuerySettings settings) {
        this.statistics = statistics;
        this.settings = settings;
    }

    /**
     * Creates the extension when the server has loaded its library but Levqor's database lacks it (the embedded
     * cluster's first start; an external server whose operator preloaded it). Failing is logged, not fatal.
     */
    @EventListener(ApplicationReadyEvent.class)
    public void prepare() {
        if (!settings.createExtension()) {
            return;
        }
        try {
            Status status = statistics.status();
            if (status.loaded() && status.schema().isEmpty()) {
                statistics.createExtension();
                log.info("Created the pg_stat_statements extension in database {}", status.database());
            } else if (!status.loaded()) {
                log.info("Slow queries are unavailable: {}", reason(status));
            }
        } catch (DataAccessException e) {
            log.warn(
                    "Could not create the pg_stat_statements extension (slow queries stay unavailable until an "
                            + "administrator runs CREATE EXTENSION pg_stat_statements): {}",
                    e.getMostSpecificCause().getMessage());
        }
    }

    /**
     * The top statements by {@code orderBy} ({@code total} or {@code mean} execution time).
     *
     * @throws ValidationFailed orderBy is not one of {@link #ORDERS}, or limit is not 1 to {@link #MAX_LIMIT}
     */
    public SlowQueryReport top(String orderBy, int limit) {
        if (!ORDERS.contains(orderBy)) {
            throw new ValidationFailed(List.of(new FieldError("orderBy", "must be total or mean")));
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new ValidationFailed(List.of(new FieldError("limit", "must be 1 to " + MAX_LIMIT)));
        }
        Status status = statistics.status();
        if (!status.loaded() || status.schema().isEmpty()) {
            return SlowQueryReport.unavailable(reason(status), orderBy);
        }
        try {
            return new SlowQueryReport(
                    true, null, orderBy, statistics.top(status.schema().get(), orderBy.equals("mean"), limit));
        } catch (DataAccessException e) {
            // An older extension (before PostgreSQL 13 the columns were named total_time…) or missing rights.
            return SlowQueryReport.unavailable(
                    "pg_stat_statements could not be read: "
                            + e.getMostSpecificCause().getMessage(),
                    orderBy);
        }
    }

    private static String reason(Status status) {
        if (!status.loaded() && !status.shipped()) {
            return "This PostgreSQL server does not ship the pg_stat_statements extension (its contrib modules are not"
                    + " installed).";
        }
        if (!status.loaded()) {
            return "pg_stat_statements is not loaded: add it to shared_preload_libraries in postgresql.conf, restart"
                    + " PostgreSQL and run CREATE EXTENSION pg_stat_statements in database " + status.database() + ".";
        }
        return "pg_stat_statements is loaded but not installed in database " + status.database()
                + ": run CREATE EXTENSION pg_stat_statements there as a superuser.";
    }
}
