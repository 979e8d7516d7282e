package io.levqor.bench.analytics;

import io.levqor.Levqor;
import io.levqor.analytics.Funnel;
import io.levqor.analytics.Funnels;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Starts Levqor in this JVM on a fresh embedded PostgreSQL and measures event ingestion or a funnel. */
public final class AnalyticsBench {

    private static Path dataDir;

    private static final Pattern TOKEN = Pattern.compile("\"accessToken\"\\s*:\\s*\"([^\"]+)\"");

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "ingest";
        Path data = Files.createTempDirectory("levqor-bench-analytics");
        dataDir = data;
        ConfigurableApplicationContext app = new SpringApplicationBuilder(Levqor.class)
                .run(List.of(
                                "--server.port=0",
                                "--levqor.data-dir=" + data,
                                "--levqor.engine.workers=0",
                                "--levqor.ops.backup.schedule-enabled=false",
                                "--levqor.analytics.events.rate-limit.enabled=false",
                                "--levqor.identity.rate-limits.tiers.free=100000000",
                                "--levqor.identity.rate-limits.auth=100000000",
                                "--logging.level.root=WARN",
                                "--logging.level.io.levqor=WARN")
                        .toArray(String[]::new));
        try {
            say("nproc: " + Runtime.getRuntime().availableProcessors());
            if (mode.equals("funnel")) {
                funnel(app, args);
            } else {
                ingest(app, args);
            }
        } finally {
            app.close();
        }
    }

    private static void ingest(ConfigurableApplicationContext app, String[] args) throws Exception {
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        String base = "http://localhost:" + app.getEnvironment().getProperty("local.server.port");
        HttpClient http = HttpClient.newBuilder().build();
        String signup = http.send(
                        HttpRequest.newBuilder(URI.create(base + "/api/v1/auth/signup"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        "{\"email\":\"bench@example.com\",\"password\":\"correct horse battery\","
                                                + "\"name\":\"Bench\"}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        Matcher m = TOKEN.matcher(signup);
        if (!m.find()) {
            throw new IllegalStateException("signup failed: " + signup);
        }
        String token = m.group(1);
        StringBuilder body = new StringBuilder("{\"events\":[");
        for (int i = 0; i < 1000; i++) {
            body.append(i == 0 ? "" : ",")
                    .append("{\"name\":\"page_viewed\",\"properties\":{\"path\":\"/workflows/")
                    .append(i)
                    .append("\",\"referrer\":\"https://example.com/\",\"ms\":")
                    .append(i * 7)
                    .append(",\"dark\":true}}");
        }
        String batch = body.append("]}").toString();
        say("batch: 1000 events, " + batch.length() + " bytes");
        // The JIT needs a while on a busy machine: the first seconds run interpreted code.
        phase(http, base, token, batch, 30, "warm-up");
        long[] rates = new long[runs];
        for (int r = 0; r < runs; r++) {
            rates[r] = phase(http, base, token, batch, seconds, "run " + (r + 1));
        }
        Arrays.sort(rates);
        say("ingest_events_per_s_median: " + rates[runs / 2]);
        long stored = JdbcClient.create(app.getBean(DataSource.class))
                .sql("SELECT count(*) FROM analytics_event WHERE source = 'client'")
                .query(Long.class)
                .single();
        say("stored: " + stored);
    }

    private static long phase(HttpClient http, String base, String token, String batch, int seconds, String label)
            throws Exception {
        int connections = 8;
        AtomicLong accepted = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        double[] cpuBefore = cpu();
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(connections)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                futures.add(pool.submit(() -> {
                    while (System.nanoTime() < end) {
                        HttpResponse<String> response = http.send(
                                HttpRequest.newBuilder(URI.create(base + "/api/v1/events"))
                                        .header("Content-Type", "application/json")
                                        .header("Authorization", "Bearer " + token)
                                        .POST(HttpRequest.BodyPublishers.ofString(batch))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() == 202) {
                            accepted.addAndGet(1000);
                        } else {
                            failed.incrementAndGet();
                            if (failed.get() < 3) {
                                say("refused: " + response.statusCode() + " " + response.body());
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        long rate = Math.round(accepted.get() / elapsed);
        double[] cpuAfter = cpu();
        double jvm = cpuAfter[0] - cpuBefore[0];
        double pg = cpuAfter[1] - cpuBefore[1];
        double perEvent = (jvm + pg) * 1e6 / Math.max(1, accepted.get());
        say(label + ": " + accepted.get() + " events in " + String.format("%.1f", elapsed) + " s = " + rate
                + " events/s (" + failed.get() + " refused batches); cpu: JVM (server and load generator) "
                + String.format("%.1f", jvm) + " s + PostgreSQL " + String.format("%.1f", pg) + " s = "
                + String.format("%.1f", perEvent) + " µs per event (the bound on 2 idle cores: "
                + Math.round(2e6 / perEvent) + " events/s)");
        return rate;
    }

    /** CPU seconds used so far by this JVM and by the embedded PostgreSQL's processes. */
    private static double[] cpu() throws Exception {
        double jvm = ((com.sun.management.OperatingSystemMXBean)
                                java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                        .getProcessCpuTime()
                / 1e9;
        String postmaster = Files.readAllLines(dataDir.resolve("postgres/postmaster.pid"))
                .get(0)
                .trim();
        double ticks = 0;
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path proc : procs.filter(p -> p.getFileName().toString().matches("\\d+"))
                    .toList()) {
                try {
                    String stat = Files.readString(proc.resolve("stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    String pid = proc.getFileName().toString();
                    if (pid.equals(postmaster) || fields[1].equals(postmaster)) {
                        ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                    }
                } catch (java.io.IOException gone) {
                    // The process ended while we looked.
                }
            }
        }
        return new double[] {jvm, ticks / 100.0};
    }

    private static void funnel(ConfigurableApplicationContext app, String[] args) {
        long events = args.length > 1 ? Long.parseLong(args[1].replace("_", "")) : 10_000_000L;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        long workspaces = Math.max(1, events / 100);
        JdbcClient jdbc = JdbcClient.create(app.getBean(DataSource.class));
        long start = System.nanoTime();
        jdbc.sql("SELECT analytics_event_partition(m::date) FROM generate_series('2026-01-01'::date,"
                        + " '2027-02-01'::date, interval '1 month') AS m")
                .query((rs, n) -> 1)
                .list();
        // 100 events per workspace; a workspace signs up somewhere in 2026-01..2026-11. Event k of workspace w:
        // 0 signed_up; 1 workflow_created (70 %, 0-71 h later; else page_viewed); 2 plan_upgraded (20 %, 0-19 days
        // later); 3-59 run_succeeded every 1-5 h (only after the workflow for the 70 %); 60-99 page_viewed.
        jdbc.sql("""
                INSERT INTO analytics_event (occurred_at, name, workspace_id, user_id, source, properties, received_at)
                SELECT s.signup + CASE
                           WHEN k = 0 THEN interval '0'
                           WHEN k = 1 THEN (w % 72) * interval '1 hour'
                           WHEN k = 2 THEN (w % 20) * interval '1 day'
                           ELSE (k - 2) * ((w % 5) + 1) * interval '1 hour' + interval '72 hours' END,
                       CASE
                           WHEN k = 0 THEN 'signed_up'
                           WHEN k = 1 AND w % 10 < 7 THEN 'workflow_created'
                           WHEN k = 2 AND w % 10 < 2 THEN 'plan_upgraded'
                           WHEN k BETWEEN 3 AND 59 THEN 'run_succeeded'
                           ELSE 'page_viewed' END,
                       ('00000000-0000-7000-8000-' || lpad(to_hex(w), 12, '0'))::uuid,
                       NULL, 'server', '{}'::jsonb, now()
                  FROM generate_series(0, :events - 1) AS i,
                       LATERAL (SELECT i % :workspaces AS w, i / :workspaces AS k) AS ids,
                       LATERAL (SELECT timestamptz '2026-01-01 00:00:00+00'
                                       + ((w * 7919) % 330) * interval '1 day'
                                       + (w % 24) * interval '1 hour' AS signup) AS s
                """).param("events", events).param("workspaces", workspaces).update();
        jdbc.sql("VACUUM ANALYZE analytics_event").update();
        say("events: " + events + " (" + workspaces + " workspaces) written and analysed in "
                + (System.nanoTime() - start) / 1_000_000 + " ms");
        say("table_mb: " + jdbc.sql("SELECT sum(pg_total_relation_size(inhrelid)) / 1048576 FROM pg_inherits"
                        + " WHERE inhparent = 'analytics_event'::regclass")
                .query(Long.class)
                .single());
        Funnels funnels = app.getBean(Funnels.class);
        List<String> steps = List.of("signed_up", "workflow_created", "run_succeeded", "plan_upgraded");
        time(funnels, steps, Instant.parse("2026-06-01T00:00:00Z"), Instant.parse("2026-07-01T00:00:00Z"), runs);
        time(funnels, steps, Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2027-01-01T00:00:00Z"), runs);
    }

    private static void time(Funnels funnels, List<String> steps, Instant from, Instant to, int runs) {
        long[] ms = new long[runs];
        Funnel last = null;
        for (int r = 0; r < runs; r++) {
            long start = System.nanoTime();
            last = funnels.funnel(steps, Duration.ofDays(14), from, to, Funnels.Unit.WORKSPACE);
            ms[r] = (System.nanoTime() - start) / 1_000_000;
        }
        Arrays.sort(ms);
        say("funnel " + from + " .. " + to + ": runs " + Arrays.toString(ms) + " ms, median " + ms[runs / 2] + " ms");
        for (Funnel.Step step : last.steps()) {
            say("  " + step.index() + " " + step.name() + " " + step.people() + " " + step.conversionFromFirst() + " "
                    + step.medianSecondsFromPrevious());
        }
    }

    @SuppressWarnings("SystemOut")
    private static void say(String line) {
        System.out.println(line);
    }
}
