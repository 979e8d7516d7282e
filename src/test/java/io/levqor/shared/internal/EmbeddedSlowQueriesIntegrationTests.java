package io.levqor.shared.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The embedded cluster as Levqor starts it: pg_stat_statements preloaded, slow statements logged. */
class EmbeddedSlowQueriesIntegrationTests {

    @TempDir
    Path dataDir;

    @Test
    void theEmbeddedClusterPreloadsPgStatStatementsAndLogsStatementsSlowerThanTheThreshold() {
        try (var server = EmbeddedPostgresServer.start(
                dataDir, Duration.ofSeconds(60), DatabaseConfiguration.embeddedServerConfig("250ms"))) {
            JdbcClient jdbc = jdbc(server);
            assertThat(jdbc.sql("SHOW shared_preload_libraries")
                            .query(String.class)
                            .single())
                    .isEqualTo("pg_stat_statements");
            assertThat(jdbc.sql("SHOW log_min_duration_statement")
                            .query(String.class)
                            .single())
                    .isEqualTo("250ms");
            jdbc.sql("CREATE EXTENSION pg_stat_statements").update();
            jdbc.sql("SELECT count(*) FROM generate_series(1, 10) AS embedded_probe")
                    .query(Long.class)
                    .single();
            assertThat(jdbc.sql("SELECT calls FROM pg_stat_statements WHERE query LIKE '%embedded_probe%'")
                            .query(Long.class)
                            .single())
                    .isEqualTo(1);
        }
    }

    @Test
    void aBlankThresholdLeavesLoggingOffAndABadOneNamesTheProperty() {
        assertThat(DatabaseConfiguration.embeddedServerConfig(" ")).doesNotContainKey("log_min_duration_statement");
        assertThat(DatabaseConfiguration.embeddedServerConfig("2s"))
                .containsEntry("log_min_duration_statement", "2000");
        assertThat(DatabaseConfiguration.embeddedServerConfig("0")).containsEntry("log_min_duration_statement", "0");
        assertThatThrownBy(() -> DatabaseConfiguration.embeddedServerConfig("soon"))
                .hasMessageContaining("levqor.ops.slow-queries.log-min-duration");
        assertThatThrownBy(() -> DatabaseConfiguration.embeddedServerConfig("-1s"))
                .hasMessageContaining("levqor.ops.slow-queries.log-min-duration");
    }

    @Test
    void aPreloadLibraryTheBinariesDoNotShipIsLeftOutSoTheClusterStillStarts() throws Exception {
        Path binaries = Files.createDirectories(dataDir.resolve("binaries/lib/postgresql"))
                .getParent()
                .getParent();
        Files.createFile(binaries.resolve("lib/postgresql/pg_stat_statements.so"));
        assertThat(EmbeddedPostgresServer.shippedLibrariesOnly(
                        binaries, Map.of("shared_preload_libraries", "pg_stat_statements, auto_explain")))
                .containsEntry("shared_preload_libraries", "pg_stat_statements");
        assertThat(EmbeddedPostgresServer.shippedLibrariesOnly(
                        binaries, Map.of("shared_preload_libraries", "auto_explain", "max_connections", "200")))
                .doesNotContainKey("shared_preload_libraries")
                .containsEntry("max_connections", "200");
    }

    private static JdbcClient jdbc(EmbeddedPostgresServer server) {
        var dataSource = new PGSimpleDataSource();
        dataSource.setURL(server.jdbcUrl());
        return JdbcClient.create(dataSource);
    }
}
