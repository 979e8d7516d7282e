package io.levqor;

import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.support.LevqorProcess;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The packaged jar, started as a real process with nothing but environment variables. */
class PackagedJarProcessTests {

    // Generous: a loaded CI machine is slow; the start-up budget is measured by bench/startup.sh, not here.
    static final Duration FIRST_START = Duration.ofSeconds(240);

    @TempDir
    Path work;

    @Test
    void startsOnAnEmptyDataDirectoryKeepsItsDataAndStartsAgainOnIt() throws Exception {
        Path data = work.resolve("data");
        Map<String, String> env =
                Map.of("LEVQOR_DATA_DIR", data.toString(), "LEVQOR_ADMIN_EMAIL", "operator@example.test");

        try (var first = LevqorProcess.start(env, work.resolve("first.log"))) {
            first.awaitHealthy(FIRST_START);
            assertThat(first.output()).contains("Levqor is running at").contains(data.toString());
            securedByDefault(first);
            assertThat(first.stop()).isIn(0, 143);
        }
        assertThat(data.resolve("postgres/PG_VERSION")).exists();
        assertThat(data.resolve("postgres/postmaster.pid")).doesNotExist(); // PostgreSQL was shut down cleanly

        try (var second = LevqorProcess.start(env, work.resolve("second.log"))) {
            second.awaitHealthy(FIRST_START);
            assertThat(second.output()).doesNotContain("Levqor is running at"); // the banner is for the first start

            try (var intruder = LevqorProcess.start(env, work.resolve("intruder.log"))) {
                assertThat(intruder.awaitExit(FIRST_START)).isNotZero();
                assertThat(intruder.output()).contains("is in use by another running Levqor");
            }
            second.awaitHealthy(Duration.ofSeconds(5)); // the intruder did not harm the running one
            second.stop();
        }
    }

    // The jar as an operator starts it, without SMTP or any other setting: nothing reads mail or metrics from
    // outside, the operator gets a setup link in the log, and forged X-Forwarded-For does not dodge the login limit.
    private static void securedByDefault(LevqorProcess levqor) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        assertThat(get(http, levqor, "/api/v1/dev/mailbox", Map.of()).statusCode())
                .isEqualTo(404);
        assertThat(get(http, levqor, "/console/mailbox", Map.of()).statusCode()).isEqualTo(404);
        assertThat(levqor.output())
                .contains("Mail: no SMTP server")
                .contains("LEVQOR_SMTP_HOST")
                .contains("The platform operator operator@example.test has no password yet")
                .contains(levqor.baseUrl() + "/reset-password?token=");

        assertThat(get(http, levqor, "/metrics", Map.of()).statusCode()).isEqualTo(200); // from the loopback
        assertThat(get(http, levqor, "/metrics", Map.of("X-Forwarded-For", "203.0.113.9"))
                        .statusCode())
                .isEqualTo(401);

        int limited = 0;
        for (int i = 0; i < 50; i++) {
            HttpResponse<String> login = http.send(
                    HttpRequest.newBuilder(URI.create(levqor.baseUrl() + "/api/v1/auth/login"))
                            .header("Content-Type", "application/json")
                            .header("X-Forwarded-For", "198.51.100." + i)
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "{\"email\":\"nobody" + i + "@example.test\",\"password\":\"guess\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (login.statusCode() == 429) {
                limited++;
            }
        }
        // 20 a minute per client address by default: most of the fifty are refused, whatever the header said.
        assertThat(limited).isGreaterThanOrEqualTo(20);
    }

    private static HttpResponse<String> get(
            HttpClient http, LevqorProcess levqor, String path, Map<String, String> headers) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(levqor.baseUrl() + path));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void recoversAfterBeingKilledWithSigkill() throws Exception {
        Map<String, String> env = Map.of("LEVQOR_DATA_DIR", work.resolve("data").toString());
        try (var killed = LevqorProcess.start(env, work.resolve("killed.log"))) {
            killed.awaitHealthy(FIRST_START);
            killed.process().destroyForcibly().waitFor(); // leaves its PostgreSQL running without a parent
        }
        try (var restarted = LevqorProcess.start(env, work.resolve("restarted.log"))) {
            restarted.awaitHealthy(FIRST_START);
            restarted.stop();
        }
    }

    @Test
    void usesAnExternalDatabaseWhenOneIsConfigured() throws Exception {
        try (EmbeddedPostgres external = EmbeddedPostgres.builder().start()) {
            Path data = work.resolve("data");
            String url = "postgresql://postgres:unused@localhost:" + external.getPort() + "/postgres";
            try (var levqor = LevqorProcess.start(
                    Map.of("LEVQOR_DATABASE_URL", url, "LEVQOR_DATA_DIR", data.toString()),
                    work.resolve("external.log"))) {
                levqor.awaitHealthy(FIRST_START);
                levqor.stop();
            }
            var jdbc = JdbcClient.create(external.getPostgresDatabase());
            assertThat(jdbc.sql("SELECT count(*) FROM flyway_schema_history WHERE success")
                            .query(Integer.class)
                            .single())
                    .isPositive();
            assertThat(Files.exists(data.resolve("postgres"))).isFalse();
        }
    }

    @Test
    void jsonLogsAreOneObjectPerLine() throws Exception {
        Map<String, String> env =
                Map.of("LEVQOR_DATA_DIR", work.resolve("data").toString(), "LEVQOR_LOG_FORMAT", "json");
        try (var levqor = LevqorProcess.start(env, work.resolve("json.log"))) {
            levqor.awaitHealthy(FIRST_START);
            levqor.stop();
            assertThat(levqor.output().lines().filter(line -> line.contains("Started Levqor")))
                    .singleElement()
                    .satisfies(line -> assertThat(line).startsWith("{").endsWith("}"));
        }
    }
}
