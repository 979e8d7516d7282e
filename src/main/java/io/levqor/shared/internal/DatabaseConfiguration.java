package io.levqor.shared.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.levqor.shared.PlatformSettings;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The one DataSource: the external database when a URL is configured, else the embedded PostgreSQL. */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

    @Bean(destroyMethod = "close")
    Database database(DatabaseSettings settings, PlatformSettings platform) {
        if (settings.url() != null && !settings.url().isBlank()) {
            return new Database(ConnectionInfo.parse(settings.url()), null);
        }
        var server = EmbeddedPostgresServer.start(
                platform.dataDir(),
                settings.embeddedStartupTimeout(),
                // Autovacuum looks every 10 s instead of every minute: the job queue churns (see V58).
                Map.of("max_connections", "200", "shared_buffers", "128MB", "autovacuum_naptime", "10s"));
        return new Database(new ConnectionInfo(server.jdbcUrl(), "postgres", null), server);
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
        config.setConnectionTimeout(settings.connectTimeout().toMillis());
        // Fail at start, with the cause, when the database cannot be reached at all.
        config.setInitializationFailTimeout(settings.connectTimeout().toMillis());
        return new HikariDataSource(config);
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
