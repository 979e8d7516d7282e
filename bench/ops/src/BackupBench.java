package io.levqor.bench.ops;

import io.levqor.Levqor;
import io.levqor.ops.backup.Backups;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Starts Levqor in this JVM on a fresh embedded PostgreSQL, fills it with runs, and times one verified backup. */
public final class BackupBench {

    public static void main(String[] args) throws Exception {
        long runs = args.length > 0 ? Long.parseLong(args[0].replace("_", "")) : 1_000_000;
        int attempts = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path data = Files.createTempDirectory("levqor-bench-ops");
        var app = new SpringApplicationBuilder(Levqor.class)
                .run(List.of(
                                "--server.port=0",
                                "--levqor.data-dir=" + data,
                                "--levqor.engine.workers=0",
                                "--levqor.ops.backup.schedule-enabled=false",
                                "--logging.level.root=WARN",
                                "--logging.level.io.levqor=WARN")
                        .toArray(String[]::new));
        try {
            var jdbc = JdbcClient.create(app.getBean(DataSource.class));
            long start = System.nanoTime();
            // Finished runs shaped like the engine's: a trigger input, three step outputs, an output.
            jdbc.sql("""
                    INSERT INTO run (tenant_id, id, workflow_id, version, status, trigger_type, trigger, step_index,
                                     outputs, output, created_at, started_at, finished_at)
                    SELECT '00000000-0000-7000-8000-000000000001'::uuid, gen_random_uuid(),
                           '00000000-0000-7000-8000-000000000002'::uuid, 1, 'succeeded', 'api',
                           jsonb_build_object('input', jsonb_build_object('order', i, 'email', 'customer' || i || '@example.com')),
                           3,
                           jsonb_build_object('fetch', jsonb_build_object('status', 200, 'body', repeat('x', 120)),
                                              'map', jsonb_build_object('total', i * 3, 'currency', 'USD'),
                                              'notify', jsonb_build_object('ok', true)),
                           jsonb_build_object('total', i * 3),
                           now(), now(), now()
                      FROM generate_series(1, ?) AS i
                    """).param(runs).update();
            // Each run's step attempts (at most three named steps), shaped like the engine's history rows.
            jdbc.sql("""
                    INSERT INTO step_attempt (tenant_id, run_id, step_index, step_id, step_type, status, input, output,
                                              started_at, finished_at)
                    SELECT r.tenant_id, r.id, s.i - 1, (ARRAY['fetch', 'map', 'notify'])[s.i],
                           (ARRAY['http', 'transform', 'slack'])[s.i], 'succeeded',
                           jsonb_build_object('url', 'https://api.example.com/orders', 'method', 'GET'),
                           r.outputs -> (ARRAY['fetch', 'map', 'notify'])[s.i], r.created_at, r.finished_at
                      FROM run r CROSS JOIN generate_series(1, ?) AS s(i)
                    """).param(Math.min(3, Math.max(0, attempts))).update();
            jdbc.sql("VACUUM ANALYZE run").update();
            jdbc.sql("VACUUM ANALYZE step_attempt").update();
            long attemptRows = jdbc.sql("SELECT count(*) FROM step_attempt").query(Long.class).single();
            say("runs: " + runs + " and " + attemptRows + " step attempts written in "
                    + (System.nanoTime() - start) / 1_000_000 + " ms");
            long databaseBytes = jdbc.sql("SELECT pg_database_size(current_database())")
                    .query(Long.class)
                    .single();
            say("nproc: " + Runtime.getRuntime().availableProcessors());
            say("database_mb: " + mb(databaseBytes));

            var row = app.getBean(Backups.class).run("bench");
            if (!"succeeded".equals(row.status())) {
                throw new IllegalStateException("backup failed: " + row.error());
            }
            long verifyMs = row.verifyMs() == null ? 0 : row.verifyMs();
            long writeMs = row.durationMs() - verifyMs;
            say("archive_mb: " + mb(row.sizeBytes()));
            say("backup_ms: " + writeMs + " (" + mb(databaseBytes * 1000 / Math.max(1, writeMs)) + " MB/s of database, "
                    + mb(row.sizeBytes() * 1000 / Math.max(1, writeMs)) + " MB/s of archive)");
            say("verify_ms: " + verifyMs + " (restore into a scratch database + checksums, "
                    + mb(row.sizeBytes() * 1000 / Math.max(1, verifyMs)) + " MB/s of archive)");
            say("total_ms: " + row.durationMs());
        } finally {
            app.close();
        }
    }

    private static String mb(long bytes) {
        return String.format("%.1f", bytes / 1_048_576.0);
    }

    @SuppressWarnings("SystemOut")
    private static void say(String line) {
        System.out.println(line);
    }
}
