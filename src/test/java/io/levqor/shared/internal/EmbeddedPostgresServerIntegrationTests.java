package io.levqor.shared.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

class EmbeddedPostgresServerIntegrationTests {

    @TempDir
    Path dataDir;

    @Test
    void keepsItsDataAcrossRestarts() {
        try (var server = start()) {
            assertThat(server.freshCluster()).isTrue();
            jdbc(server).sql("CREATE TABLE kept (v int)").update();
            jdbc(server).sql("INSERT INTO kept VALUES (42)").update();
        }
        try (var server = start()) {
            assertThat(server.freshCluster()).isFalse();
            assertThat(jdbc(server)
                            .sql("SELECT v FROM kept")
                            .query(Integer.class)
                            .single())
                    .isEqualTo(42);
        }
    }

    @Test
    void aSecondServerOnTheSameDirectoryFailsFastAndHarmsNothing() {
        try (var server = start()) {
            assertThatThrownBy(this::start)
                    .isInstanceOf(EmbeddedPostgresServer.DataDirectoryInUse.class)
                    .hasMessageContaining("in use by another running Levqor")
                    .hasMessageContaining("LEVQOR_DATA_DIR");
            assertThat(jdbc(server).sql("SELECT 1").query(Integer.class).single())
                    .isEqualTo(1);
        }
    }

    private EmbeddedPostgresServer start() {
        return EmbeddedPostgresServer.start(dataDir, Duration.ofSeconds(60), Map.of());
    }

    private static JdbcClient jdbc(EmbeddedPostgresServer server) {
        var dataSource = new PGSimpleDataSource();
        dataSource.setURL(server.jdbcUrl());
        return JdbcClient.create(dataSource);
    }
}
