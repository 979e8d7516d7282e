package io.levqor.connectors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP server on 127.0.0.1 that plays a remote service: it records every request and answers with scripted
 * responses, in order (the last one repeats).
 */
public final class Peer implements AutoCloseable {

    /** One request as the peer saw it. */
    public record Received(String method, String path, String query, Map<String, List<String>> headers, byte[] body) {
        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null ? null : values.getFirst();
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** A scripted answer. */
    public record Reply(int status, Map<String, String> headers, byte[] body, boolean hang) {
        public static Reply json(int status, String json) {
            return new Reply(
                    status, Map.of("Content-Type", "application/json"), json.getBytes(StandardCharsets.UTF_8), false);
        }

        public static Reply text(int status, String text) {
            return new Reply(
                    status, Map.of("Content-Type", "text/plain"), text.getBytes(StandardCharsets.UTF_8), false);
        }

        public static Reply empty(int status) {
            return new Reply(status, Map.of(), new byte[0], false);
        }

        public static Reply redirect(int status, String location) {
            return new Reply(status, Map.of("Location", location), new byte[0], false);
        }

        /** Never answers (until the peer closes): for timeouts. */
        public static Reply hanging() {
            return new Reply(200, Map.of(), new byte[0], true);
        }

        public Reply with(String header, String value) {
            Map<String, String> copy = new LinkedHashMap<>(headers);
            copy.put(header, value);
            return new Reply(status, copy, body, hang);
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<Reply>> scripts = new LinkedHashMap<>();
    private final CountDownLatch closing = new CountDownLatch(1);
    private boolean echo;

    public Peer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    /** Base URL, e.g. {@code http://127.0.0.1:41234}. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public String url(String path) {
        return url() + path;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Answers requests to this path with these replies, in order; the last one repeats. */
    public synchronized Peer on(String path, Reply... replies) {
        scripts.put(path, new ArrayDeque<>(List.of(replies)));
        return this;
    }

    /** Answers every unscripted request with a JSON description of the request itself. */
    public synchronized Peer echo() {
        echo = true;
        return this;
    }

    public List<Received> received() {
        return received;
    }

    public Received last() {
        return received.getLast();
    }

    public int count(String path) {
        return (int) received.stream().filter(r -> r.path().equals(path)).count();
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        Map<String, List<String>> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values));
        String path = exchange.getRequestURI().getRawPath();
        received.add(new Received(
                exchange.getRequestMethod(), path, exchange.getRequestURI().getRawQuery(), headers, body));
        Reply reply = next(path, headers, body, exchange);
        if (reply.hang()) {
            try {
                closing.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
            return;
        }
        reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        exchange.sendResponseHeaders(reply.status(), reply.body().length == 0 ? -1 : reply.body().length);
        if (reply.body().length > 0) {
            exchange.getResponseBody().write(reply.body());
        }
        exchange.close();
    }

    private synchronized Reply next(
            String path, Map<String, List<String>> headers, byte[] body, HttpExchange exchange) {
        Deque<Reply> script = scripts.get(path);
        if (script != null && !script.isEmpty()) {
            return script.size() > 1 ? script.poll() : script.peek();
        }
        if (echo) {
            Map<String, Object> description = new LinkedHashMap<>();
            description.put("method", exchange.getRequestMethod());
            description.put("path", path);
            description.put("headers", headers);
            description.put("body", new String(body, StandardCharsets.UTF_8));
            return Reply.json(200, io.levqor.connectors.internal.Json.writeString(description));
        }
        return Reply.text(404, "no script for " + path);
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
    }
}
