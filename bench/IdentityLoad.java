// Load generator for the identity benchmarks (bench/identity.sh runs it against a started Levqor).
// Closed loop at 16 connections for login and refresh (throughput, p50, p99); open loop at a fixed rate for an
// authenticated GET /api/v1/me, with latency measured from each request's scheduled time (no coordinated omission).
// Usage: java bench/IdentityLoad.java <base-url> [runs] [seconds]
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class IdentityLoad {

    static final int CONNECTIONS = 16;
    static final int RATE = 500;
    static final Pattern FIELD = Pattern.compile("\"(\\w+)\"\\s*:\\s*\"([^\"]*)\"");

    static HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    static String base;

    record Result(double perSecond, double p50, double p99, long errors) {}

    public static void main(String[] args) throws Exception {
        base = args[0];
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 15;
        String email = "bench-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
        String password = "benchmark password";
        String signup = post("/api/v1/auth/signup", "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}",
                null, 201);
        String access = field(signup, "accessToken");
        String loginBody = "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}";

        // Warm-up: JIT, connection pool, caches.
        closedLoop(5, () -> post("/api/v1/auth/login", loginBody, null, 200));
        openLoop(5, RATE, access);

        List<Result> logins = new ArrayList<>(), refreshes = new ArrayList<>(), mes = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            Result login = closedLoop(seconds, () -> post("/api/v1/auth/login", loginBody, null, 200));
            Result refresh = refreshLoop(seconds, loginBody);
            Result me = openLoop(seconds, RATE, access);
            logins.add(login);
            refreshes.add(refresh);
            mes.add(me);
            System.out.printf("run %d: login %s | refresh %s | GET /me @%d/s %s%n", run, fmt(login), fmt(refresh),
                    RATE, fmt(me));
        }
        System.out.printf("cores: %d; connections: %d; %d s per measurement; medians of %d runs%n",
                Runtime.getRuntime().availableProcessors(), CONNECTIONS, seconds, runs);
        System.out.printf("login   (16 connections): %s%n", fmt(median(logins)));
        System.out.printf("refresh (16 connections): %s%n", fmt(median(refreshes)));
        System.out.printf("GET /api/v1/me at %d req/s: %s%n", RATE, fmt(median(mes)));
    }

    static String fmt(Result r) {
        return String.format("%.0f req/s, p50 %.2f ms, p99 %.2f ms, errors %d", r.perSecond, r.p50, r.p99, r.errors);
    }

    static Result median(List<Result> results) {
        return new Result(
                med(results.stream().map(Result::perSecond).toList()),
                med(results.stream().map(Result::p50).toList()),
                med(results.stream().map(Result::p99).toList()),
                (long) med(results.stream().map(r -> (double) r.errors()).toList()));
    }

    static double med(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    interface Call {
        void run() throws Exception;
    }

    /** CONNECTIONS workers calling back to back for the given time. */
    static Result closedLoop(int seconds, Call call) throws Exception {
        return closedLoopPerWorker(seconds, () -> call);
    }

    interface WorkerFactory {
        Call create() throws Exception;
    }

    static Result closedLoopPerWorker(int seconds, WorkerFactory factory) throws Exception {
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicLong errors = new AtomicLong();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < CONNECTIONS; i++) {
            Call call = factory.create();
            threads.add(Thread.ofPlatform().start(() -> {
                while (System.nanoTime() < end) {
                    long t0 = System.nanoTime();
                    try {
                        call.run();
                        latencies.add(System.nanoTime() - t0);
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        return summarize(new ArrayList<>(latencies), seconds, errors.get());
    }

    /** Each worker keeps its own session and spends its refresh token for the next, as a client would. */
    static Result refreshLoop(int seconds, String loginBody) throws Exception {
        return closedLoopPerWorker(seconds, () -> {
            String[] refresh = {field(post("/api/v1/auth/login", loginBody, null, 200), "refreshToken")};
            return () -> {
                String answer = post("/api/v1/auth/refresh", "{\"refreshToken\":\"" + refresh[0] + "\"}", null, 200);
                refresh[0] = field(answer, "refreshToken");
            };
        });
    }

    /** Requests sent at a fixed rate regardless of answers; latency counts from when each was due. */
    static Result openLoop(int seconds, int rate, String token) throws Exception {
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicLong errors = new AtomicLong();
        long interval = 1_000_000_000L / rate;
        long start = System.nanoTime();
        int total = seconds * rate;
        List<CompletableFuture<?>> inFlight = new ArrayList<>(total);
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/v1/me"))
                .header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(10))
                .GET()
                .build();
        for (int i = 0; i < total; i++) {
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            inFlight.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                    .whenComplete((response, failure) -> {
                        if (failure != null || response.statusCode() != 200) {
                            errors.incrementAndGet();
                        } else {
                            latencies.add(System.nanoTime() - due);
                        }
                    }));
        }
        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
        return summarize(new ArrayList<>(latencies), seconds, errors.get());
    }

    static Result summarize(List<Long> latencies, int seconds, long errors) {
        Collections.sort(latencies);
        if (latencies.isEmpty()) {
            return new Result(0, 0, 0, errors);
        }
        return new Result(
                latencies.size() / (double) seconds,
                latencies.get(latencies.size() / 2) / 1e6,
                latencies.get((int) Math.min(latencies.size() - 1, Math.ceil(latencies.size() * 0.99) - 1)) / 1e6,
                errors);
    }

    static String post(String path, String json, String token, int expected) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    static String field(String json, String name) {
        Matcher m = FIELD.matcher(json);
        while (m.find()) {
            if (m.group(1).equals(name)) {
                return m.group(2);
            }
        }
        throw new IllegalStateException("No " + name + " in " + json);
    }
}
