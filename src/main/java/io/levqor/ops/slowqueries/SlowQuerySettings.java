package io.levqor.ops.slowqueries;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Slow queries, bound to {@code levqor.ops.slow-queries.*} (docs/operations.md, "Slow queries").
 *
 * @param createExtension true: at start, create the {@code pg_stat_statements} extension in Levqor's database when
 *     the server has its library loaded and the extension is not there yet (a failure is logged, never fatal)
 * @param logMinDuration statements slower than this go to the embedded cluster's {@code server.log} (PostgreSQL's
 *     {@code log_min_duration_statement}); blank: off. Read by the embedded cluster's start; an external database
 *     keeps its own setting.
 */
@ConfigurationProperties("levqor.ops.slow-queries")
public record SlowQuerySettings(
        @DefaultValue("true") boolean createExtension,
        @DefaultValue("") String logMinDuration) {}
