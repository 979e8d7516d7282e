package io.levqor.shared.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.levqor.shared.PlatformSettings;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** The one DataSource: the external database when a URL is configured, else the embedded PostgreSQL. */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

    /** ops' slow-query logging threshold ({@code levqor.ops.slow-queries.log-min-duration}); blank: off. */
    static final String LOG_MIN_DURATION = "levqor.ops.slow-queries.log-min-duration";

    @Bean(destroyMethod = "close")
    Database database(DatabaseSettings settings, PlatformSettings platform, Environment environment) {
        if (settings.url() != null && !settings.url().isBlank()) {
            return new Database(ConnectionInfo.parse(settings.url()), null);
        }
        var config = embeddedServerConfig(environment.getProperty(LOG_MIN_DURATION, ""));
        // Usually already starting since the settings were read (EarlyEmbeddedPostgres); else started here.
        var server = EarlyEmbeddedPostgres.claim(platform.dataDir(), settings.embeddedStartupTimeout(), config);
        if (server == null) {
            server = EmbeddedPostgresServer.start(platform.dataDir(), settings.embeddedStartupTimeout(), config);
        }
        return new Database(new ConnectionInfo(server.jdbcUrl(), "postgres", null), server);
    }

    /**
     * The embedded cluster's settings. Autovacuum looks every 10 s instead of every minute: the job queue churns (see
     * V58). pg_stat_statements is preloaded for ops' slow-query list (dropped with a warning when the binaries lack
     * it), and statements slower than {@code logMinDuration} go to the cluster's {@code server.log}.
     */
    static Map<String, String> embeddedServerConfig(String logMinDuration) {
        Map<String, String> config = new LinkedHashMap<>(Map.of(
                "max_connections", "200",
                "shared_buffers", "128MB",
                "autovacuum_naptime", "10s",
                "shared_preload_libraries", "pg_stat_statements"));
        if (!logMinDuration.isBlank()) {
            Duration threshold;
            try {
                threshold = DurationStyle.detectAndParse(logMinDuration.trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        LOG_MIN_DURATION + " must be a duration such as 250ms or 2s, not '" + logMinDuration + "'");
            }
            if (threshold.isNegative()) {
                throw new IllegalArgumentException(LOG_MIN_DURATION + " must not be negative (leave it blank: off)");
            }
            config.put("log_min_duration_statement", Long.toString(threshold.toMillis()));
        }
        return config;
    }

    @Bean(destroyMethod = "close")
    HikariDataSource dataSource(Database database, DatabaseSettings settings) {
        var config = new HikariConfig();
        config.setPoolName("levqor");
        config.setJdbcUrl(database.connection().jdbcUrl());
        if (database.connection().username() != null) {
            config.setUsername(database.connection().username());
        }
        if (database.connection().password() != null) {
            config.setPassword(database.connection().password());
        }
        config.setMaximumPoolSize(settings.effectivePoolSize());
        // Short: while the database is gone a request waits this long for a connection before its 503.
        config.setConnectionTimeout(settings.connectTimeout().toMillis());
        // Fail at start, with the cause, when the database cannot be reached at all (an external one starting
        // beside Levqor gets at least 10 s).
        config.setInitializationFailTimeout(
                Math.max(10_000, settings.connectTimeout().toMillis()));
        return new HikariDataSource(config);
    }

    /** The cached "does the database answer" check, and the readiness contributor {@code database}. */
    @Bean
    DatabaseProbe databaseHealthIndicator(Database database, DatabaseSettings settings) {
        return new DatabaseProbe(database.connection(), settings.probeInterval());
    }

    /** Restarts the embedded PostgreSQL when it dies; nothing to watch with an external database. */
    @Bean
    @Nullable
    EmbeddedPostgresSupervisor embeddedPostgresSupervisor(
            Database database,
            DatabaseProbe probe,
            DatabaseSettings settings,
            ApplicationEventPublisher events,
            ObjectProvider<MeterRegistry> meters) {
        if (database.embedded() == null) {
            return null;
        }
        var supervisor =
                new EmbeddedPostgresSupervisor(database.embedded(), probe, events, settings.embeddedRestartAttempts());
        meters.ifAvailable(registry -> FunctionCounter.builder(
                        "levqor.database.embedded.deaths", supervisor, EmbeddedPostgresSupervisor::deaths)
                .description("Times the embedded PostgreSQL died and was restarted")
                .register(registry));
        return supervisor;
    }

    /** The database Levqor talks to, and the embedded server behind it when there is one. */
    record Database(ConnectionInfo connection, @Nullable EmbeddedPostgresServer embedded) implements AutoCloseable {

        boolean freshEmbeddedCluster() {
            return embedded != null && embedded.freshCluster();
        }

        @Override
        public void close() {
            if (embedded != null) {
                embedded.close();
            }
        }
    }
}
