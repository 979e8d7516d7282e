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
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-process server answering like Twilio's Messages API, written from Twilio's API reference:
 * {@code POST /2010-04-01/Accounts/{AccountSid}/Messages.json}, form-encoded, HTTP basic auth with the account sid
 * and auth token (else 401, error 20003); {@code To}, {@code From} and {@code Body} required (400, 21604/21603/21602);
 * {@code To} and {@code From} on the same channel ({@code whatsapp:} on both or neither, else 400, 21910); the
 * magic number {@code +15005550001} is invalid (400, 21211); {@code 201} with the message resource otherwise.
 */
final class TwilioPeer implements AutoCloseable {

    static final String SID = "ACpeer00000000000000000000000000";
    static final String TOKEN = "peer-auth-token";

    /** A message the peer accepted, with the credentials it came with. */
    record Message(String sid, String to, String from, String body, String statusCallback, String authorization) {}

    private final HttpServer server;
    private final List<Message> messages = new CopyOnWriteArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger sequence = new AtomicInteger();

    TwilioPeer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    List<Message> messages() {
        return List.copyOf(messages);
    }

    int requests() {
        return requests.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (!exchange.getRequestMethod().equals("POST")
                    || !path.matches("/2010-04-01/Accounts/[^/]+/Messages\\.json")) {
                answer(exchange, 404, error(20404, "The requested resource was not found"));
                return;
            }
            String account = path.split("/")[3];
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            String expected =
                    "Basic " + Base64.getEncoder().encodeToString((SID + ":" + TOKEN).getBytes(StandardCharsets.UTF_8));
            if (!expected.equals(auth) || !account.equals(SID)) {
                answer(exchange, 401, error(20003, "Authentication Error - invalid username"));
                return;
            }
            if (!"application/x-www-form-urlencoded"
                    .equals(exchange.getRequestHeaders().getFirst("Content-Type"))) {
                answer(exchange, 400, error(21602, "Message body is required."));
                return;
            }
            Map<String, String> form = new LinkedHashMap<>();
            String raw = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    form.put(
                            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
            String to = form.getOrDefault("To", "");
            String from = form.getOrDefault("From", "");
            String body = form.getOrDefault("Body", "");
            if (to.isEmpty()) {
                answer(exchange, 400, error(21604, "A 'To' phone number is required."));
            } else if (from.isEmpty()) {
                answer(exchange, 400, error(21603, "A 'From' phone number is required."));
            } else if (body.isEmpty()) {
                answer(exchange, 400, error(21602, "Message body is required."));
            } else if (to.startsWith("whatsapp:") != from.startsWith("whatsapp:")) {
                answer(
                        exchange,
                        400,
                        error(21910, "Invalid From and To pair. From and To should be of the same channel"));
            } else if (to.endsWith("+15005550001")) {
                answer(exchange, 400, error(21211, "The 'To' number " + to + " is not a valid phone number."));
            } else {
                String sid = "SM" + String.format("%032d", sequence.incrementAndGet());
                messages.add(new Message(sid, to, from, body, form.getOrDefault("StatusCallback", ""), auth));
                answer(
                        exchange,
                        201,
                        "{\"sid\":\"" + sid + "\",\"account_sid\":\"" + SID + "\",\"status\":\"queued\",\"to\":\"" + to
                                + "\",\"from\":\"" + from + "\",\"num_segments\":\"1\"}");
            }
        }
    }

    private static String error(int code, String message) {
        int status = code == 20003 ? 401 : code == 20404 ? 404 : 400;
        return "{\"code\":" + code + ",\"message\":\"" + message
                + "\",\"more_info\":\"https://www.twilio.com/docs/errors/" + code + "\",\"status\":" + status + "}";
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
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
