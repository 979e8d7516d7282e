package io.levqor.growth;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-process server answering like Stripe's Transfers API ({@code POST /v1/transfers}, form-encoded, written from
 * Stripe's API reference): a bearer secret key is required; {@code amount}, {@code currency} and {@code destination}
 * are required; a destination starting {@code acct_broken} does not exist (400 {@code invalid_request_error}); an
 * {@code Idempotency-Key} seen before with the same parameters replays the first answer (with {@code
 * Idempotent-Replayed: true}), with other parameters it is a 400 {@code idempotency_error}. Failed requests are not
 * remembered under their key, as Stripe does not save a result that failed validation.
 */
final class StripeTransfersPeer implements AutoCloseable {

    /** A transfer the peer made. */
    record Transfer(String id, long amount, String currency, String destination, String idempotencyKey) {}

    private record Saved(String parameters, String body) {}

    private final HttpServer server;
    private final List<Transfer> transfers = new CopyOnWriteArrayList<>();
    private final Map<String, Saved> byKey = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger sequence = new AtomicInteger();

    StripeTransfersPeer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    List<Transfer> transfers() {
        return List.copyOf(transfers);
    }

    int requests() {
        return requests.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        try (exchange) {
            if (!exchange.getRequestMethod().equals("POST")
                    || !exchange.getRequestURI().getPath().equals("/v1/transfers")) {
                answer(exchange, 404, error("invalid_request_error", "Unrecognized request URL"), false);
                return;
            }
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            if (auth == null || !auth.startsWith("Bearer sk_")) {
                answer(exchange, 401, error("invalid_request_error", "Invalid API Key provided"), false);
                return;
            }
            String raw = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> form = new LinkedHashMap<>();
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    form.put(
                            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
            String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
            synchronized (this) {
                if (key != null && byKey.containsKey(key)) {
                    Saved saved = byKey.get(key);
                    if (!saved.parameters().equals(form.toString())) {
                        answer(
                                exchange,
                                400,
                                error(
                                        "idempotency_error",
                                        "Keys for idempotent requests can only be used with the"
                                                + " same parameters they were first used with."),
                                false);
                    } else {
                        answer(exchange, 200, saved.body(), true);
                    }
                    return;
                }
                String destination = form.getOrDefault("destination", "");
                if (!form.containsKey("amount") || !form.containsKey("currency") || destination.isEmpty()) {
                    answer(exchange, 400, error("invalid_request_error", "Missing required param"), false);
                    return;
                }
                if (destination.startsWith("acct_broken")) {
                    answer(
                            exchange,
                            400,
                            error("invalid_request_error", "No such destination: '" + destination + "'"),
                            false);
                    return;
                }
                var transfer = new Transfer(
                        "tr_" + sequence.incrementAndGet(),
                        Long.parseLong(form.get("amount")),
                        form.get("currency"),
                        destination,
                        key);
                transfers.add(transfer);
                String body = "{\"id\":\"" + transfer.id() + "\",\"object\":\"transfer\",\"amount\":"
                        + transfer.amount() + ",\"currency\":\"" + transfer.currency() + "\",\"destination\":\""
                        + destination + "\",\"reversed\":false}";
                if (key != null) {
                    byKey.put(key, new Saved(form.toString(), body));
                }
                answer(exchange, 200, body, false);
            }
        }
    }

    private static String error(String type, String message) {
        return "{\"error\":{\"type\":\"" + type + "\",\"message\":\"" + message.replace("\"", "'") + "\"}}";
    }

    private static void answer(HttpExchange exchange, int status, String body, boolean replayed) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        if (replayed) {
            exchange.getResponseHeaders().set("Idempotent-Replayed", "true");
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
