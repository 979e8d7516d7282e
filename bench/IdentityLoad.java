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
    static final int OPEN_CONNECTIONS = 32;
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
        boolean meOnly = args.length > 3 && args[3].equals("me");
        String email = "bench-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
        String password = "benchmark password";
        String signup = post("/api/v1/auth/signup", "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}",
                null, 201);
        String access = field(signup, "accessToken");
        String loginBody = "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}";

        // Warm-up: JIT (C2 needs some 10,000 calls per hot method), connection pool, caches. Discarded.
        if (!meOnly) {
            closedLoop(5, () -> post("/api/v1/auth/login", loginBody, null, 200));
        }
        openLoop(15, RATE, access);

        List<Result> logins = new ArrayList<>(), refreshes = new ArrayList<>(), mes = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            Result login = meOnly
                    ? new Result(0, 0, 0, 0)
                    : closedLoop(seconds, () -> post("/api/v1/auth/login", loginBody, null, 200));
            Result refresh = meOnly ? new Result(0, 0, 0, 0) : refreshLoop(seconds, loginBody);
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

    /**
     * Open loop (as wrk2 does): a pacer releases one request every 1/rate s into a queue, whatever the answers do;
     * OPEN_CONNECTIONS keep-alive connections take them in turn. Latency counts from when each request was due, so
     * time spent waiting for a free connection (queueing behind a slow answer) is counted, not hidden. The client
     * is plain sockets and a few reused buffers, so that the generator itself takes little of the shared CPU.
     */
    static Result openLoop(int seconds, int rate, String token) throws Exception {
        URI uri = URI.create(base);
        byte[] request = ("GET /api/v1/me HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                        + "\r\nAuthorization: Bearer " + token + "\r\nAccept: application/json\r\n\r\n")
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        int total = seconds * rate;
        long interval = 1_000_000_000L / rate;
        java.util.concurrent.BlockingQueue<Long> due = new java.util.concurrent.LinkedBlockingQueue<>();
        long[] latencies = new long[total];
        java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
        AtomicLong errors = new AtomicLong();
        List<Thread> connections = new ArrayList<>();
        for (int c = 0; c < OPEN_CONNECTIONS; c++) {
            connections.add(Thread.ofPlatform().daemon().start(() -> {
                java.net.Socket socket = null;
                java.io.InputStream in = null;
                try {
                    while (true) {
                        long when = due.take();
                        if (when < 0) {
                            return;
                        }
                        try {
                            if (socket == null) {
                                socket = new java.net.Socket(uri.getHost(), uri.getPort());
                                socket.setTcpNoDelay(true);
                                in = new java.io.BufferedInputStream(socket.getInputStream(), 16384);
                            }
                            socket.getOutputStream().write(request);
                            int status = readResponse(in);
                            if (status < 0) { // the server closes after this answer (keep-alive request cap)
                                status = -status;
                                socket.close();
                                socket = null;
                            }
                            long latency = System.nanoTime() - when;
                            if (status == 200) {
                                latencies[done.getAndIncrement()] = latency;
                            } else if (errors.incrementAndGet() == 1) {
                                System.err.println("first error: status " + status);
                            }
                        } catch (java.io.IOException e) {
                            if (errors.incrementAndGet() == 1) {
                                System.err.println("first error: " + e);
                            }
                            if (socket != null) {
                                socket.close();
                            }
                            socket = null;
                        }
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long when = start + i * interval;
            long wait = when - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            due.add(when);
        }
        for (int c = 0; c < OPEN_CONNECTIONS; c++) {
            due.add(-1L);
        }
        for (Thread t : connections) {
            t.join(30_000);
        }
        List<Long> measured = new ArrayList<>(done.get());
        for (int i = 0; i < done.get(); i++) {
            measured.add(latencies[i]);
        }
        return summarize(measured, seconds, errors.get());
    }

    /** Reads one HTTP/1.1 answer (Content-Length or chunked); its status, negated when the server closes. */
    static int readResponse(java.io.InputStream in) throws java.io.IOException {
        String statusLine = readLine(in);
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        boolean close = false;
        String line;
        while (!(line = readLine(in)).isEmpty()) {
            int colon = line.indexOf(':');
            String name = line.substring(0, colon).trim();
            if (name.equalsIgnoreCase("Content-Length")) {
                length = Long.parseLong(line.substring(colon + 1).trim());
            } else if (name.equalsIgnoreCase("Transfer-Encoding") && line.toLowerCase().contains("chunked")) {
                chunked = true;
            } else if (name.equalsIgnoreCase("Connection") && line.toLowerCase().contains("close")) {
                close = true;
            }
        }
        if (chunked) {
            long size;
            while ((size = Long.parseLong(readLine(in).trim().split(";")[0], 16)) > 0) {
                skip(in, size + 2);
            }
            readLine(in);
        } else if (length > 0) {
            skip(in, length);
        }
        return close ? -status : status;
    }

    static String readLine(java.io.InputStream in) throws java.io.IOException {
        StringBuilder line = new StringBuilder(64);
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new java.io.EOFException("connection closed");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    static void skip(java.io.InputStream in, long n) throws java.io.IOException {
        while (n > 0) {
            long skipped = in.skip(n);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new java.io.EOFException("connection closed");
                }
                skipped = 1;
            }
            n -= skipped;
        }
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
