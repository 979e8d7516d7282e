package io.levqor.analytics.jdbc;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * A funnel in one statement. Step 1 is each unit's first event of that name in the range; step k after it is, for
 * each unit that reached step k−1, its first event of that name at or after step k−1 and within the window of step
 * 1. By workspace that is a LATERAL lookup on {@code (name, workspace_id, occurred_at)}: one index descent per
 * workspace and month, so the cost grows with the workspaces in the funnel, not with the events. By user (no such
 * index) it is a join of the units with the step's events over the months of {@code [from, to + window)}.
 */
@Repository
public class FunnelQuery {

    /**
     * One step's answer.
     *
     * @param medianSeconds median seconds from the previous step (null for step 1 or nobody)
     */
    public record Row(long people, @Nullable Long medianSeconds) {}

    private final JdbcClient jdbc;

    FunnelQuery(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Per step, in order: units that reached it and the median seconds from the previous step. */
    public List<Row> run(List<String> steps, Duration window, Instant from, Instant to, boolean byUser) {
        // The unit column comes from this fixed choice, never from the request's text.
        String unit = byUser ? "user_id" : "workspace_id";
        StringBuilder sql = new StringBuilder("WITH s1 AS (SELECT ")
                .append(unit)
                .append(" AS unit, min(occurred_at) AS t1 FROM analytics_event"
                        + " WHERE name = :step1 AND occurred_at >= :from AND occurred_at < :to AND ")
                .append(unit)
                .append(" IS NOT NULL GROUP BY 1)");
        for (int k = 2; k <= steps.size(); k++) {
            StringBuilder carried = new StringBuilder("p.unit");
            for (int j = 1; j < k; j++) {
                carried.append(", p.t").append(j);
            }
            if (byUser) {
                // No per-user index: join the units with the step's events (read once, by name and time) and keep
                // each unit's first one in its window.
                sql.append(", s")
                        .append(k)
                        .append(" AS (SELECT ")
                        .append(carried)
                        .append(", min(e.occurred_at) AS t")
                        .append(k)
                        .append(" FROM s")
                        .append(k - 1)
                        .append(" p JOIN analytics_event e ON e.user_id = p.unit")
                        .append(" WHERE e.name = :step")
                        .append(k)
                        // constant bounds: they prune partitions
                        .append(" AND e.occurred_at >= :from AND e.occurred_at < :end")
                        .append(" AND e.occurred_at >= p.t")
                        .append(k - 1)
                        .append(" AND e.occurred_at <= p.t1 + CAST(:window AS interval)")
                        .append(" GROUP BY ")
                        .append(carried)
                        .append(")");
            } else {
                // Per workspace, the first event of the step in its window: one descent of
                // (name, workspace_id, occurred_at) per workspace and month, whatever the step's volume.
                sql.append(", s")
                        .append(k)
                        .append(" AS (SELECT ")
                        .append(carried)
                        .append(", x.t")
                        .append(k)
                        .append(" FROM s")
                        .append(k - 1)
                        .append(" p CROSS JOIN LATERAL (SELECT e.occurred_at AS t")
                        .append(k)
                        .append(" FROM analytics_event e WHERE e.name = :step")
                        .append(k)
                        .append(" AND e.workspace_id = p.unit")
                        .append(" AND e.occurred_at >= :from AND e.occurred_at < :end")
                        .append(" AND e.occurred_at >= p.t")
                        .append(k - 1)
                        .append(" AND e.occurred_at <= p.t1 + CAST(:window AS interval)")
                        .append(" ORDER BY e.occurred_at LIMIT 1) x)");
            }
        }
        sql.append(" SELECT 1 AS step, count(*) AS people, NULL::bigint AS median FROM s1");
        for (int k = 2; k <= steps.size(); k++) {
            sql.append(" UNION ALL SELECT ")
                    .append(k)
                    .append(", count(*), round(percentile_cont(0.5) WITHIN GROUP")
                    .append(" (ORDER BY extract(epoch FROM t")
                    .append(k)
                    .append(" - t")
                    .append(k - 1)
                    .append(")))::bigint FROM s")
                    .append(k);
        }
        sql.append(" ORDER BY 1");
        JdbcClient.StatementSpec statement = jdbc.sql(sql.toString())
                .param("from", from.atOffset(ZoneOffset.UTC))
                .param("to", to.atOffset(ZoneOffset.UTC))
                .param("end", to.plus(window).atOffset(ZoneOffset.UTC))
                .param("window", window.toString());
        for (int k = 1; k <= steps.size(); k++) {
            statement = statement.param("step" + k, steps.get(k - 1));
        }
        return new ArrayList<>(statement
                .query((rs, n) -> new Row(rs.getLong("people"), rs.getObject("median", Long.class)))
                .list());
    }
}
