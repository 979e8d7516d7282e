package io.levqor.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;

/** One embedded PostgreSQL per test JVM, tuned for speed over durability; Levqor's contexts point at it. */
public final class TestDatabase {

    /** The bearer token that opens /metrics and health details in tests. */
    public static final String METRICS_TOKEN = "test-metrics-token";

    private static volatile EmbeddedPostgres postgres;
    private static volatile Path dataDir;
    private static volatile List<String> tables;

    private TestDatabase() {}

    public static synchronized EmbeddedPostgres postgres() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.builder()
                        .setServerConfig("fsync", "off")
                        .setServerConfig("synchronous_commit", "off")
                        .setServerConfig("full_page_writes", "off")
                        .setServerConfig("max_connections", "300")
                        // As on Levqor's own embedded cluster: the operator's slow-query list reads it.
                        .setServerConfig("shared_preload_libraries", "pg_stat_statements")
                        .start();
                dataDir = Files.createTempDirectory("levqor-test-data");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return postgres;
    }

    public static String jdbcUrl() {
        return postgres().getJdbcUrl("postgres", "postgres");
    }

    public static DataSource dataSource() {
        return postgres().getPostgresDatabase();
    }

    /** Empties every table but Flyway's history and the token signing keys (held in memory too), so each test starts from a migrated, empty database. */
    public static void clean() {
        var jdbc = JdbcClient.create(dataSource());
        if (tables == null) {
            tables = jdbc.sql("""
                            SELECT quote_ident(tablename) FROM pg_tables
                             WHERE schemaname = 'public'
                               AND tablename NOT IN ('flyway_schema_history', 'signing_key')
                            """).query(String.class).list();
        }
        if (tables.isEmpty()) {
            return;
        }
        // Background work of the running context (workers, pollers) can lock the same tables in another order;
        // PostgreSQL then aborts one side of the deadlock, sometimes this TRUNCATE: take it again.
        for (int attempt = 1; ; attempt++) {
            try {
                jdbc.sql("TRUNCATE " + String.join(", ", tables) + " RESTART IDENTITY CASCADE")
                        .update();
                return;
            } catch (PessimisticLockingFailureException e) {
                if (attempt == 5) {
                    throw e;
                }
            }
        }
    }

    /** Points a Levqor context at the test database and a throw-away data directory. */
    public static final class Initializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        @Override
        public void initialize(ConfigurableApplicationContext context) {
            String url = jdbcUrl();
            TestPropertyValues.of(
                            "levqor.database.url=" + url,
                            "levqor.data-dir=" + dataDir,
                            // Test peers listen on the loopback, which the SSRF guard refuses unless allow-listed.
                            "levqor.connectors.http.allowed-hosts=127.0.0.1",
                            // Every test comes from 127.0.0.1: per-IP limits would make tests depend on each other.
                            // Per-user buckets stay real; the "tiny" tier lets a test reach 429 quickly.
                            "levqor.identity.rate-limits.auth=1000000",
                            "levqor.identity.rate-limits.anonymous=1000000",
                            "levqor.identity.rate-limits.tiers.free=1000000",
                            "levqor.identity.rate-limits.tiers.tiny=5",
                            "levqor.identity.login-throttle.ip-threshold=1000000",
                            // Tests read mail from the development mailbox, as `./mvnw spring-boot:run` does.
                            "levqor.mail.dev-mailbox=true",
                            // A test "proxy" connects from 127.0.0.2 (ClientAddressIntegrationTests); 127.0.0.1 stays
                            // an untrusted client whose forwarded headers must be ignored.
                            "levqor.identity.trusted-proxies=127.0.0.2/32, 10.0.0.0/8",
                            "levqor.identity.metrics-token=" + METRICS_TOKEN,
                            // Tests sign up many first accounts (the database is emptied before each): none becomes
                            // the operator unless a test asks (FirstRun.enable, FirstRunIntegrationTests).
                            "levqor.identity.first-account-operator=false",
                            // Engine tests send bursts to one webhook; HookRateLimitIntegrationTests sets small limits.
                            "levqor.engine.hooks.rate-limit.per-token=1000000",
                            "levqor.engine.hooks.rate-limit.per-workspace=1000000",
                            // Backups run when a test asks (BackupSchedule.runDue), not on the wall clock.
                            "levqor.ops.backup.schedule-enabled=false",
                            // Alert rounds run when a test asks (AlertEvaluator, AlertNotifier), not every 15 s.
                            "levqor.ops.alerts.schedule-enabled=false",
                            // Lifecycle mail rounds run when a test asks (Lifecycle.runOnce), not every minute.
                            "levqor.growth.messaging.schedule-enabled=false",
                            // Status probes run when a test asks (StatusProbes.probe), and each /status is fresh.
                            "levqor.ops.status.probes-enabled=false",
                            "levqor.ops.status.cache-ttl=0s",
                            // Fixed platform costs for the cost dashboard and limit tests
                            // (CostDashboardIntegrationTests);
                            // the names need CSV quoting. The platform cost limit itself stays off.
                            "levqor.billing.costs.fixed[0].name=Hosting, EU",
                            "levqor.billing.costs.fixed[0].amount=93",
                            "levqor.billing.costs.fixed[0].per=month",
                            "levqor.billing.costs.fixed[1].name=Support \"desk\"",
                            "levqor.billing.costs.fixed[1].amount=1.5",
                            "levqor.billing.costs.fixed[1].per=day",
                            // Test peers listen on the loopback, which the SSRF guard refuses unless allow-listed.
                            "levqor.connectors.http.allowed-hosts=127.0.0.1")
                    .applyTo(context);
        }
    }
}
