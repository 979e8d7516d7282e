package io.levqor.bench.engine;

import io.levqor.Levqor;
import io.levqor.connectors.StepOutcome;
import io.levqor.connectors.StepRequest;
import io.levqor.connectors.StepType;
import io.levqor.engine.Runs;
import io.levqor.engine.internal.Hooks;
import io.levqor.engine.internal.Worker;
import io.levqor.engine.jdbc.ClaimedJob;
import io.levqor.engine.jdbc.JobQueue;
import io.levqor.shared.WorkspaceId;
import io.levqor.workflow.WorkflowView;
import io.levqor.workflow.Workflows;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Starts Levqor in this JVM on a fresh embedded PostgreSQL and measures one engine scenario. */
public final class EngineBench {

    /** A step that does nothing but is not pure: every one goes through the queue and is recorded. */
    @Configuration(proxyBeanMethods = false)
    static class BenchSteps {
        @Bean
        StepType noop() {
            return new StepType() {
                @Override
                public String name() {
                    return "noop";
                }

                @Override
                public Map<String, Object> schema() {
                    return Map.of("type", "object");
                }

                @Override
                public StepOutcome execute(StepRequest request) {
                    return StepOutcome.succeeded(null);
                }
            };
        }
    }

    private final ConfigurableApplicationContext app;
    private final Workflows workflows;
    private final Runs runs;
    private final JdbcClient jdbc;
    private final int port;
    private final WorkspaceId workspace = WorkspaceId.newId();
    private final Path dataDir;

    private EngineBench(ConfigurableApplicationContext app, Path dataDir) {
        this.app = app;
        this.dataDir = dataDir;
        this.workflows = app.getBean(Workflows.class);
        this.runs = app.getBean(Runs.class);
        this.jdbc = JdbcClient.create(app.getBean(javax.sql.DataSource.class));
        this.port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port", "8080"));
    }

    public static void main(String[] args) throws Exception {
        String scenario = args.length > 0 ? args[0] : "noop";
        long n = args.length > 1 ? Long.parseLong(args[1].replace("_", "")) : -1;
        Path data = Files.createTempDirectory("levqor-bench");
        // Command-line arguments, so they win over application.yml (builder properties would not).
        List<String> settings = new ArrayList<>(List.of(
                "--server.port=0",
                "--levqor.data-dir=" + data,
                "--levqor.identity.rate-limits.anonymous=100000000",
                // The benchmark sends one webhook's worth of traffic far past any sane per-token limit on purpose.
                "--levqor.engine.hooks.rate-limit.enabled=false",
                "--levqor.billing.enabled=false",
                // On a saturated machine checking a definition's expressions can outlast the default 500 ms box.
                "--levqor.workflow.validation-time-box=60s",
                "--levqor.connectors.http.allowed-hosts=127.0.0.1",
                "--logging.level.root=WARN",
                "--logging.level.io.levqor=WARN"));
        // Anything after the scenario and its size is a setting, e.g. --levqor.engine.workers=128.
        settings.addAll(Arrays.asList(args).subList(Math.min(args.length, 2), args.length));
        var app = new SpringApplicationBuilder(Levqor.class, BenchSteps.class).run(settings.toArray(String[]::new));
        var bench = new EngineBench(app, data);
        say("nproc: " + Runtime.getRuntime().availableProcessors());
        try {
            switch (scenario) {
                case "noop" -> bench.noop(n > 0 ? n : 1_000_000);
                case "webhook-async" -> bench.webhookAsync(n > 0 ? (int) n : 50_000);
                case "webhook-sync" -> bench.webhookSync(n > 0 ? (int) n : 20_000);
                case "claim" -> bench.claim(n > 0 ? n : 1_000_000);
                case "http" -> bench.http(n > 0 ? n : 30_000);
                case "foreach-transform" -> bench.forEachTransform(n > 0 ? (int) n : 10_000);
                case "foreach-http" -> bench.forEachHttp(n > 0 ? (int) n : 1_000);
                default -> throw new IllegalArgumentException("unknown scenario " + scenario);
            }
            say("rss_mb: " + rssMb());
        } finally {
            app.close();
        }
    }

    private void noop(long steps) throws Exception {
        int perRun = 10;
        long runCount = steps / perRun;
        List<Map<String, Object>> definitionSteps = new ArrayList<>();
        for (int i = 0; i < perRun; i++) {
            definitionSteps.add(Map.of("id", "s" + i, "type", "noop"));
        }
        WorkflowView workflow = workflow(Map.of("trigger", Map.of("type", "manual"), "steps", definitionSteps));
        say("scenario: noop, " + runCount + " runs x " + perRun + " steps = " + runCount * perRun + " durable steps");
        long start = System.nanoTime();
        CpuTime cpu = startMeasuring();
        var submitted = new AtomicLong();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < 64; t++) {
                pool.execute(() -> {
                    while (submitted.incrementAndGet() <= runCount) {
                        startOne(workflow, null);
                    }
                });
            }
        }
        double ingest = (System.nanoTime() - start) / 1e9;
        say(String.format("runs queued in %.1f s (%.0f runs/s)", ingest, runCount / ingest));
        awaitSucceeded(runCount, start);
        double seconds = (System.nanoTime() - start) / 1e9;
        say(String.format("noop_steps_per_s: %.0f (%d steps in %.1f s)", steps / seconds, runCount * perRun, seconds));
        say(cpuTime().since(cpu, runCount * perRun, "step"));
        statementsReport(runCount * perRun, "step");
    }

    /** transform → http (to a peer in this JVM) → transform, as many runs as fast as they go. */
    private void http(long runCount) throws Exception {
        var peer = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 1024);
        peer.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        peer.createContext("/echo", exchange -> {
            byte[] request = exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, request.length);
            exchange.getResponseBody().write(request);
            exchange.close();
        });
        peer.start();
        try {
            String url = "http://127.0.0.1:" + peer.getAddress().getPort() + "/echo";
            WorkflowView workflow = workflow(Map.of(
                    "trigger", Map.of("type", "manual"),
                    "steps", List.of(
                            Map.of("id", "prepare", "type", "transform", "output", Map.of("n", "{{ trigger.input.n }}")),
                            Map.of("id", "call", "type", "http", "method", "POST", "url", url,
                                    "body", "{{ steps.prepare.output }}"),
                            Map.of("id", "check", "type", "transform", "output", "{{ steps.call.output.body.n }}")),
                    "output", "{{ steps.check.output }}"));
            say("scenario: http, " + runCount + " runs of transform → http → transform");
            long warmUp = 0;
            for (long until = System.nanoTime() + WARM_UP.toNanos(); System.nanoTime() < until; ) {
                startRuns(workflow, 2_000);
                warmUp += 2_000;
                awaitSucceeded(warmUp, System.nanoTime());
            }
            long start = System.nanoTime();
            CpuTime cpu = startMeasuring();
            startRuns(workflow, runCount);
            awaitSucceeded(warmUp + runCount, start);
            double seconds = (System.nanoTime() - start) / 1e9;
            say(String.format("http_runs_per_s: %.0f (%d runs in %.1f s)", runCount / seconds, runCount, seconds));
            say(cpuTime().since(cpu, runCount, "run"));
            statementsReport(runCount, "run");
        } finally {
            peer.stop(0);
        }
    }

    /** One run whose forEach maps {@code items} numbers through a transform (concurrency 10); 3 timed runs. */
    private void forEachTransform(int items) throws Exception {
        WorkflowView workflow = workflow(Map.of(
                "trigger", Map.of("type", "manual"),
                "steps", List.of(Map.of(
                        "id", "each", "type", "forEach", "items", "{{ [1..trigger.input.n] }}",
                        "concurrency", 10,
                        "steps", List.of(Map.of("id", "double", "type", "transform", "output", "{{ item * 2 }}")))),
                "output", "{{ $count(steps.each.output) }}"));
        say("scenario: foreach-transform, one run of a forEach over " + items + " items of a transform (concurrency 10)");
        loopRuns(workflow, items, "foreach_transform_items_per_s");
    }

    /** One run whose forEach calls a local peer once per item at concurrency 50; 3 timed runs. */
    private void forEachHttp(int items) throws Exception {
        var peer = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 1024);
        peer.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        peer.createContext("/echo", exchange -> {
            byte[] request = exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, request.length);
            exchange.getResponseBody().write(request);
            exchange.close();
        });
        peer.start();
        try {
            String url = "http://127.0.0.1:" + peer.getAddress().getPort() + "/echo";
            WorkflowView workflow = workflow(Map.of(
                    "trigger", Map.of("type", "manual"),
                    "steps", List.of(Map.of(
                            "id", "each", "type", "forEach", "items", "{{ [1..trigger.input.n] }}",
                            "concurrency", 50,
                            "steps", List.of(Map.of("id", "call", "type", "http", "method", "POST", "url", url,
                                    "body", Map.of("i", "{{ item }}"))))),
                    "output", "{{ $count(steps.each.output) }}"));
            say("scenario: foreach-http, one run of a forEach over " + items
                    + " items, each an http call to a local peer (concurrency 50)");
            loopRuns(workflow, items, "foreach_http_item_calls_per_s");
        } finally {
            peer.stop(0);
        }
    }

    /** Warms up with loop runs for a while, then times 3 runs one after the other and prints each and the median. */
    private void loopRuns(WorkflowView workflow, int items, String figure) throws Exception {
        int input = items;
        long done = 0;
        for (long until = System.nanoTime() + Duration.ofSeconds(20).toNanos(); System.nanoTime() < until; ) {
            runs.start(workspace, workflow.id(), Map.of("n", input), null);
            awaitSucceeded(++done, System.nanoTime());
        }
        double[] rates = new double[3];
        CpuTime cpu = startMeasuring();
        for (int i = 0; i < rates.length; i++) {
            long start = System.nanoTime();
            runs.start(workspace, workflow.id(), Map.of("n", input), null);
            awaitSucceeded(++done, start);
            double seconds = (System.nanoTime() - start) / 1e9;
            rates[i] = items / seconds;
            say(String.format("  run %d: %d items in %.3f s (%.0f items/s)", i + 1, items, seconds, rates[i]));
        }
        double[] sorted = rates.clone();
        Arrays.sort(sorted);
        say(String.format("%s: %.0f (median of 3)", figure, sorted[1]));
        say(cpuTime().since(cpu, 3L * items, "item"));
        statementsReport(3L * items, "item");
    }

    /**
     * Starts one run, again if starting it failed (a saturated machine can time a start out): a lost start would leave
     * the benchmark waiting for a run that never comes.
     */
    private void startOne(WorkflowView workflow, Object input) {
        for (int tries = 1; ; tries++) {
            try {
                runs.start(workspace, workflow.id(), input, null);
                return;
            } catch (RuntimeException e) {
                if (tries == 10) {
                    throw e;
                }
                say("start failed, trying again: " + e);
            }
        }
    }

    /** Starts {@code count} runs of the workflow through the API's service from 64 threads, input {@code n}. */
    private void startRuns(WorkflowView workflow, long count) {
        var submitted = new AtomicLong();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < 64; t++) {
                pool.execute(() -> {
                    long i;
                    while ((i = submitted.incrementAndGet()) <= count) {
                        startOne(workflow, Map.of("n", i));
                    }
                });
            }
        }
    }

    private void webhookAsync(int requests) throws Exception {
        WorkflowView workflow = workflow(Map.of(
                "trigger", Map.of("type", "webhook"),
                "steps", List.of(Map.of("id", "t", "type", "transform", "output", "{{ trigger.body.n }}"))));
        String path = "/hooks/" + workflow.webhookToken();
        warmUp(path, 64);
        long start = System.nanoTime();
        CpuTime cpu = startMeasuring();
        closedLoop(path, requests, 64);
        double seconds = (System.nanoTime() - start) / 1e9;
        say(String.format("webhook_async_accepted_per_s: %.0f (%d requests, 64 connections)", requests / seconds, requests));
        say(cpuTime().since(cpu, requests, "request"));
        statementsReport(requests, "request");
        // Open loop at 1,000 req/s for 10 s: each latency counts from the request's scheduled time, so a stall
        // shows in every request it delayed. The clients are platform threads, as a client elsewhere would be: on
        // virtual threads they would wait for the server's own carrier threads to wake up, and count that too.
        int paced = 10_000;
        long[] latencies = new long[paced];
        var next = new AtomicInteger();
        long t0 = System.nanoTime() + 100_000_000L;
        try (var pool = Executors.newFixedThreadPool(64)) {
            for (int c = 0; c < 64; c++) {
                pool.execute(() -> {
                    try (var http = new RawHttp("127.0.0.1", port)) {
                        int i;
                        while ((i = next.getAndIncrement()) < paced) {
                            long due = t0 + i * 1_000_000L;
                            long wait = due - System.nanoTime();
                            if (wait > 0) {
                                LockSupport.parkNanos(wait);
                            }
                            int status = http.post(path, "{\"n\":" + i + "}");
                            latencies[i] = status == 202 ? System.nanoTime() - due : Long.MAX_VALUE;
                        }
                    } catch (Exception e) {
                        say("paced connection failed: " + e);
                    }
                });
            }
        }
        Arrays.sort(latencies);
        say(String.format("webhook_async_at_1000_rps: p50 %.2f ms, p99 %.2f ms, max %.2f ms",
                latencies[paced / 2] / 1e6, latencies[(int) (paced * 0.99)] / 1e6, latencies[paced - 1] / 1e6));
    }

    private void webhookSync(int requests) throws Exception {
        WorkflowView workflow = workflow(Map.of(
                "trigger", Map.of("type", "webhook", "respond", "sync"),
                "steps", List.of(Map.of("id", "t", "type", "transform", "output", Map.of("hello", "{{ trigger.body.n }}"))),
                "output", "{{ steps.t.output }}"));
        String path = "/hooks/" + workflow.webhookToken();
        warmUp(path, 16);
        long start = System.nanoTime();
        CpuTime cpu = startMeasuring();
        closedLoop(path, requests, 16);
        double seconds = (System.nanoTime() - start) / 1e9;
        say(String.format("webhook_sync_runs_per_s: %.0f (%d requests, 16 connections)", requests / seconds, requests));
        say(cpuTime().since(cpu, requests, "request"));
        statementsReport(requests, "request");
    }

    /**
     * Claim latency on an empty queue and on one holding {@code queued} jobs. Each round queues a fresh batch at the
     * head (untimed), claims it (timed) and finishes it, so both cases claim the same work and leave the same dead
     * row versions behind for autovacuum; all that differs is the backlog.
     */
    private void claim(long queued) throws Exception {
        app.getBean(Worker.class).stop();
        JobQueue queue = app.getBean(JobQueue.class);
        say(String.format("claim_latency_with_0_queued: %s", claimLatency(queue)));
        long start = System.nanoTime();
        jdbc.sql("""
                        INSERT INTO job (tenant_id, run_id, step_index, priority, run_at)
                        SELECT gen_random_uuid(), gen_random_uuid(), 0, 1000 + n, now() FROM generate_series(1, :n) n
                        """)
                .param("n", queued)
                .update();
        jdbc.sql("VACUUM ANALYZE job").update();
        say(String.format("queued %d jobs in %.1f s", queued, (System.nanoTime() - start) / 1e9));
        say(String.format("claim_latency_with_%d_queued: %s", queued, claimLatency(queue)));
    }

    private String claimLatency(JobQueue queue) {
        int rounds = 5_000;
        int batch = 32;
        long[] took = new long[rounds];
        for (int i = 0; i < rounds; i++) {
            jdbc.sql("""
                            INSERT INTO job (tenant_id, run_id, step_index, priority, run_at)
                            SELECT gen_random_uuid(), gen_random_uuid(), 0, 0, now() FROM generate_series(1, :n)
                            """)
                    .param("n", batch)
                    .update();
            long t = System.nanoTime();
            List<ClaimedJob> jobs = queue.claim("bench", Duration.ofSeconds(30), batch);
            took[i] = System.nanoTime() - t;
            if (jobs.size() != batch) {
                throw new IllegalStateException("claimed " + jobs.size() + " of " + batch);
            }
            queue.deleteAll(jobs);
        }
        Arrays.sort(took);
        return String.format("median %.3f ms, p99 %.3f ms (batches of %d, %d claims)",
                took[rounds / 2] / 1e6, took[(int) (rounds * 0.99)] / 1e6, batch, rounds);
    }

    /**
     * Load before the measured phase: on two cores the JIT compiler needs most of a core for the first minute of
     * load, and a server's steady state, not its first minute, is what these figures are about.
     */
    private static final Duration WARM_UP = Duration.ofSeconds(30);

    private void warmUp(String path, int connections) throws Exception {
        for (long until = System.nanoTime() + WARM_UP.toNanos(); System.nanoTime() < until; ) {
            closedLoop(path, 2_000, connections);
        }
    }

    /** {@code requests} POSTs over {@code connections} keep-alive connections, each sending as soon as answered. */
    private void closedLoop(String path, int requests, int connections) throws Exception {
        var next = new AtomicInteger();
        var failures = new AtomicInteger();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < connections; c++) {
                pool.execute(() -> {
                    try (var http = new RawHttp("127.0.0.1", port)) {
                        int i;
                        while ((i = next.getAndIncrement()) < requests) {
                            int status = http.post(path, "{\"n\":" + i + "}");
                            if (status >= 300 && status != 202) {
                                failures.incrementAndGet();
                            }
                        }
                    } catch (Exception e) {
                        failures.incrementAndGet();
                        say("connection failed: " + e);
                    }
                });
            }
        }
        if (failures.get() > 0) {
            say("failed requests: " + failures.get());
        }
    }

    private WorkflowView workflow(Map<String, Object> definition) {
        return workflows.create(workspace, null, "bench", definition, true, null);
    }

    private void awaitSucceeded(long expected, long start) {
        long lastReport = System.nanoTime();
        while (true) {
            long done = jdbc.sql("SELECT count(*) FROM run WHERE tenant_id = :t AND status = 'succeeded'")
                    .param("t", workspace.value())
                    .query(Long.class)
                    .single();
            if (done >= expected) {
                return;
            }
            if (System.nanoTime() - lastReport > 10_000_000_000L) {
                say(String.format("  %d/%d runs done after %.0f s", done, expected, (System.nanoTime() - start) / 1e9));
                lastReport = System.nanoTime();
            }
            LockSupport.parkNanos(200_000_000L);
        }
    }

    /** CPU seconds used so far by this JVM and by the embedded PostgreSQL's processes. */
    private record CpuTime(double jvm, double postgres) {
        String since(CpuTime before, long units, String unit) throws Exception {
            profiler("stop,collapsed,file=target/bench-profile.collapsed");
            double j = jvm - before.jvm, p = postgres - before.postgres;
            return String.format(
                    "cpu: JVM %.1f s + PostgreSQL %.1f s = %.0f µs per %s (the bound on 2 cores: %.0f %ss/s)",
                    j, p, (j + p) * 1e6 / units, unit, 2 * units / (j + p), unit);
        }
    }

    /**
     * With {@code BENCH_PROFILER} naming async-profiler's library, profiles CPU between {@link #startMeasuring()} and
     * {@link CpuTime#since}, i.e. the measured phase only, into {@code target/bench-profile.collapsed}.
     */
    private static void profiler(String command) throws Exception {
        String library = System.getenv("BENCH_PROFILER");
        if (library == null || library.isBlank()) {
            return;
        }
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        new ProcessBuilder(jcmd, String.valueOf(ProcessHandle.current().pid()), "JVMTI.agent_load", library, "\"" + command + "\"")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start()
                .waitFor();
    }

    /** The CPU time so far, the start of a measured phase (and of the profile, if one was asked for). */
    private CpuTime startMeasuring() throws Exception {
        profiler("start,event=cpu,interval=1ms,threads");
        statementsReset();
        return cpuTime();
    }

    /**
     * With {@code BENCH_STATEMENTS=1}, the statements PostgreSQL executed during the measured phase (from
     * pg_stat_statements, which the embedded cluster preloads): calls, rows and execution time per unit of work, the
     * 20 costliest first. The counters are reset when the measured phase starts.
     */
    private void statementsReset() {
        if (!"1".equals(System.getenv("BENCH_STATEMENTS"))) {
            return;
        }
        jdbc.sql("CREATE EXTENSION IF NOT EXISTS pg_stat_statements").update();
        jdbc.sql("SELECT pg_stat_statements_reset()").query().singleValue();
        jdbc.sql("SELECT pg_stat_reset()").query().singleValue();
    }

    private void statementsReport(long units, String unit) {
        if (!"1".equals(System.getenv("BENCH_STATEMENTS"))) {
            return;
        }
        say(String.format("statements per %s (calls, rows, exec µs), costliest first:", unit));
        jdbc.sql("""
                        SELECT calls, rows, total_exec_time, regexp_replace(query, '\\s+', ' ', 'g') AS query
                          FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 20
                        """)
                .query((rs, row) -> String.format(
                        "  %8.3f %8.3f %8.1f  %s",
                        rs.getLong("calls") / (double) units,
                        rs.getLong("rows") / (double) units,
                        rs.getDouble("total_exec_time") * 1000 / units,
                        rs.getString("query").substring(0, Math.min(150, rs.getString("query").length()))))
                .list()
                .forEach(EngineBench::say);
        jdbc.sql("SELECT sum(calls) AS calls, sum(total_exec_time) AS t FROM pg_stat_statements")
                .query((rs, row) -> String.format("  total: %.2f statements, %.1f exec µs per %s",
                        rs.getLong("calls") / (double) units, rs.getDouble("t") * 1000 / units, unit))
                .list()
                .forEach(EngineBench::say);
        // Row versions written per unit, and how many of the updates were HOT (no index touched).
        jdbc.sql("""
                        SELECT relname, n_tup_ins, n_tup_upd, n_tup_hot_upd, n_tup_del FROM pg_stat_user_tables
                         WHERE relname IN ('run', 'job', 'step_attempt', 'loop_item') ORDER BY relname
                        """)
                .query((rs, row) -> String.format(
                        "  %-12s per %s: %.3f inserted, %.3f updated (%.3f HOT), %.3f deleted",
                        rs.getString("relname"),
                        unit,
                        rs.getLong("n_tup_ins") / (double) units,
                        rs.getLong("n_tup_upd") / (double) units,
                        rs.getLong("n_tup_hot_upd") / (double) units,
                        rs.getLong("n_tup_del") / (double) units))
                .list()
                .forEach(EngineBench::say);
    }

    private CpuTime cpuTime() throws Exception {
        double jvm = ((com.sun.management.OperatingSystemMXBean)
                                java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                        .getProcessCpuTime()
                / 1e9;
        String postmaster = Files.readAllLines(dataDir.resolve("postgres/postmaster.pid")).get(0).trim();
        double ticks = 0;
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path proc : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
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
        return new CpuTime(jvm, ticks / 100.0);
    }

    private static long rssMb() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        return -1;
    }

    @SuppressWarnings("SystemOut")
    private static void say(String line) {
        System.out.println(line);
    }
}
