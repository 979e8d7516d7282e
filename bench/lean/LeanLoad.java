import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Webhook load from outside the Levqor process (bench/lean.sh): signs up, creates a webhook workflow (async: a
 * transform, answered 202; sync: a transform whose output is the answer) and posts to it from CONNECTIONS keep-alive
 * connections back to back for the given seconds. Prints the answered requests per second and the failures.
 * Usage: java bench/lean/LeanLoad.java http://localhost:8080 async|sync seconds [connections]
 */
public class LeanLoad {

    public static void main(String[] args) throws Exception {
        URI base = URI.create(args[0]);
        boolean sync = args[1].equals("sync");
        int seconds = Integer.parseInt(args[2]);
        int connections = args.length > 3 ? Integer.parseInt(args[3]) : (sync ? 16 : 64);
        var client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String email = "lean-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
        String signup = send(client, base, "/api/v1/auth/signup", null,
                "{\"email\":\"" + email + "\",\"password\":\"benchmark password\"}", 201);
        String token = field(signup, "accessToken");
        String definition = sync
                ? "{\"trigger\":{\"type\":\"webhook\",\"respond\":\"sync\"},\"steps\":[{\"id\":\"t\",\"type\":\"transform\","
                        + "\"output\":{\"hello\":\"{{ trigger.body.n }}\"}}],\"output\":\"{{ steps.t.output }}\"}"
                : "{\"trigger\":{\"type\":\"webhook\"},\"steps\":[{\"id\":\"t\",\"type\":\"transform\","
                        + "\"output\":\"{{ trigger.body.n }}\"}]}";
        String workflow = send(client, base, "/api/v1/workflows", token,
                "{\"name\":\"lean " + args[1] + "\",\"active\":true,\"definition\":" + definition + "}", 201);
        String path = URI.create(field(workflow, "webhookUrl")).getPath();
        int expected = sync ? 200 : 202;

        AtomicLong ok = new AtomicLong(), failed = new AtomicLong();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            threads.add(Thread.ofPlatform().start(() -> {
                long n = 0;
                while (System.nanoTime() < end) {
                    try (var http = new Raw(base.getHost(), base.getPort())) {
                        while (System.nanoTime() < end) {
                            if (http.post(path, "{\"n\":" + n++ + "}") == expected) {
                                ok.incrementAndGet();
                            } else {
                                failed.incrementAndGet();
                            }
                        }
                    } catch (IOException e) {
                        failed.incrementAndGet();
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        System.out.printf("webhook_%s_per_s: %.0f (%d answered %d in %d s, %d connections, %d failed)%n",
                args[1], ok.get() / (double) seconds, ok.get(), expected, seconds, connections, failed.get());
    }

    static String send(HttpClient client, URI base, String path, String token, String json, int expected)
            throws Exception {
        var request = HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }

    /** A bare HTTP/1.1 keep-alive connection: the load shares the cores with the server, so it must be cheap. */
    static final class Raw implements AutoCloseable {
        private final String host;
        private final int port;
        private final Socket socket;
        private final OutputStream out;
        private final BufferedInputStream in;

        Raw(String host, int port) throws IOException {
            this.host = host;
            this.port = port;
            socket = new Socket(host, port);
            socket.setTcpNoDelay(true);
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        }

        int post(String path, String json) throws IOException {
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            out.write(("POST " + path + " HTTP/1.1\r\nHost: " + host + ":" + port
                            + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            String status = line();
            int code = Integer.parseInt(status.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            for (String header; !(header = line()).isEmpty(); ) {
                String lower = header.toLowerCase(java.util.Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Long.parseLong(lower.substring(15).trim());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                }
            }
            if (chunked) {
                for (long size; (size = Long.parseLong(line().trim(), 16)) > 0; ) {
                    skip(size);
                    line();
                }
                line();
            } else if (length > 0) {
                skip(length);
            }
            return code;
        }

        private void skip(long n) throws IOException {
            while (n > 0) {
                long s = in.skip(n);
                if (s <= 0) {
                    if (in.read() < 0) {
                        throw new IOException("closed");
                    }
                    s = 1;
                }
                n -= s;
            }
        }

        private String line() throws IOException {
            var sb = new StringBuilder();
            for (int c; (c = in.read()) != '\n'; ) {
                if (c < 0) {
                    throw new IOException("closed");
                }
                if (c != '\r') {
                    sb.append((char) c);
                }
            }
            return sb.toString();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
