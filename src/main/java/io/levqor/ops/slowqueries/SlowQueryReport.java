package io.levqor.ops.slowqueries;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The top statements of Levqor's database by total or mean execution time, or why they cannot be listed.
 *
 * @param available false when {@code pg_stat_statements} cannot be read; {@code reason} then says why and what fixes it
 * @param reason null when available
 * @param orderBy {@code total} or {@code mean}
 * @param statements the top statements, most expensive first (empty when not available)
 */
public record SlowQueryReport(boolean available, @Nullable String reason, String orderBy, List<Statement> statements) {

    /**
     * One normalised statement as PostgreSQL tracks it: constants replaced by {@code $1}, {@code $2}…
     *
     * @param queryId PostgreSQL's query id (as text: it is a 64-bit number JavaScript cannot hold)
     * @param query the normalised text
     * @param calls times it ran since the statistics were last reset
     * @param totalMillis total execution time
     * @param meanMillis mean execution time per call
     * @param maxMillis the slowest call
     * @param rows rows retrieved or affected, all calls together
     */
    public record Statement(
            String queryId,
            String query,
            long calls,
            double totalMillis,
            double meanMillis,
            double maxMillis,
            long rows) {}

    static SlowQueryReport unavailable(String reason, String orderBy) {
        return new SlowQueryReport(false, reason, orderBy, List.of());
    }
}
