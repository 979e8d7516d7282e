package io.levqor.shared.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.jdbc.core.simple.JdbcClient;

class EarlyEmbeddedPostgresIntegrationTests {

    @TempDir
    Path dataDir;

    @Test
    void startsTheServerBesideTheContextOnlyWhenAskedAndHandsItToTheDatabaseBeanOnce() {
        Duration timeout = Duration.ofSeconds(60);
        Map<String, String> config = DatabaseConfiguration.embeddedServerConfig("");

        // Not turned on (tests, commands), or an external database: nothing starts, the bean starts its own.
        EarlyEmbeddedPostgres.begin(environment(Map.of("levqor.data-dir", dataDir.toString())));
        EarlyEmbeddedPostgres.begin(environment(Map.of(
                EarlyEmbeddedPostgres.ENABLED,
                "true",
                "levqor.database.url",
                "postgresql://db.example:5432/levqor",
                "levqor.data-dir",
                dataDir.toString())));
        assertThat(EarlyEmbeddedPostgres.claim(dataDir, timeout, config)).isNull();

        EarlyEmbeddedPostgres.begin(
                environment(Map.of(EarlyEmbeddedPostgres.ENABLED, "true", "levqor.data-dir", dataDir.toString())));
        try (var server = EarlyEmbeddedPostgres.claim(dataDir, timeout, config)) {
            assertThat(server).isNotNull();
            var dataSource = new PGSimpleDataSource();
            dataSource.setURL(server.jdbcUrl());
            assertThat(JdbcClient.create(dataSource)
                            .sql("SELECT current_setting('autovacuum_naptime')")
                            .query(String.class)
                            .single())
                    .isEqualTo("10s");
            // Claimed once: a second context in this JVM would start its own.
            assertThat(EarlyEmbeddedPostgres.claim(dataDir, timeout, config)).isNull();
        }
    }

    private static StandardEnvironment environment(Map<String, Object> properties) {
        var environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
        return environment;
    }
}
