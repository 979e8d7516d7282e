package io.levqor.ops.slowqueries.jdbc;

import io.levqor.ops.slowqueries.SlowQueryReport.Statement;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * {@code pg_stat_statements} and the catalog facts around it. Whether the library is loaded is read from
 * {@code pg_settings} (its {@code pg_stat_statements.*} settings exist only then, and unlike
 * {@code shared_preload_libraries} they are readable without superuser rights).
 */
@Repository
public class StatementStatistics {

    /** What the server says about the extension. */
    public record Status(boolean shipped, boolean loaded, Optional<String> schema, String database) {}

    private final JdbcClient jdbc;

    StatementStatistics(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Status status() {
        return jdbc.sql("""
                        SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_stat_statements') AS shipped,
                               EXISTS (SELECT 1 FROM pg_settings WHERE name = 'pg_stat_statements.max') AS loaded,
                               (SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
                                 WHERE e.extname = 'pg_stat_statements') AS schema,
                               current_database() AS database
                        """)
                .query((rs, n) -> new Status(
                        rs.getBoolean("shipped"),
                        rs.getBoolean("loaded"),
                        Optional.ofNullable(rs.getString("schema")),
                        rs.getString("database")))
                .single();
    }

    /** Creates the extension in Levqor's database (needs the rights PostgreSQL asks for: usually a superuser). */
    public void createExtension() {
        jdbc.sql("CREATE EXTENSION IF NOT EXISTS pg_stat_statements").update();
    }

    /**
     * The top statements of this database.
     *
     * @param schema where the extension lives (from {@link #status()}), quoted here
     * @param byMean true: by mean time per call, else by total time
     */
    public List<Statement> top(String schema, boolean byMean, int limit) {
        String order = byMean ? "mean_exec_time" : "total_exec_time";
        // Identifiers cannot be bound: the schema comes from the catalog and is quoted, the column from two literals.
        String view = "\"" + schema.replace("\"", "\"\"") + "\".pg_stat_statements";
        return jdbc.sql("""
                        SELECT queryid::text AS query_id, query, calls, total_exec_time, mean_exec_time,
                               max_exec_time, rows
                          FROM %s
                         WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
                           AND query IS NOT NULL
                         ORDER BY %s DESC, calls DESC
                         LIMIT :limit
                        """.formatted(view, order))
                .param("limit", limit)
                .query((rs, n) -> new Statement(
                        String.valueOf(rs.getString("query_id")),
                        rs.getString("query"),
                        rs.getLong("calls"),
                        rs.getDouble("total_exec_time"),
                        rs.getDouble("mean_exec_time"),
                        rs.getDouble("max_exec_time"),
                        rs.getLong("rows")))
                .list();
    }
}
