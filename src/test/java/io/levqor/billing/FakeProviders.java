package io.levqor.billing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A local HTTP server that answers like Stripe's and Razorpay's REST APIs for the calls Levqor makes (checkout,
 * portal, plans, subscriptions, refunds), checking their authentication and encodings, and recording each request.
 */
public final class FakeProviders implements AutoCloseable {

    public static final String STRIPE_KEY = "sk_test_levqor";
    public static final String RAZORPAY_KEY_ID = "rzp_test_levqor";
    public static final String RAZORPAY_KEY_SECRET = "rzp_secret_levqor";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A request the fake received. */
    public record Received(String method, String path, String authorization, String contentType, String body) {

        /** The form fields of a Stripe request. */
        public Map<String, String> form() {
            Map<String, String> fields = new LinkedHashMap<>();
            for (String pair : body.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    fields.put(
                            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
            return fields;
        }

        public JsonNode json() {
            return JSON.readTree(body);
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger sequence = new AtomicInteger();

    private FakeProviders(HttpServer server) {
        this.server = server;
    }

    public static FakeProviders start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            FakeProviders fake = new FakeProviders(server);
            server.createContext("/stripe/", fake::stripe);
            server.createContext("/razorpay/", fake::razorpay);
            server.start();
            return fake;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI stripeBase() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/stripe");
    }

    public URI razorpayBase() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/razorpay");
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public List<Received> received(String pathPrefix) {
        return received.stream().filter(r -> r.path().startsWith(pathPrefix)).toList();
    }

    public void reset() {
        received.clear();
    }

    private void stripe(HttpExchange exchange) throws IOException {
        Received request = record(exchange, "/stripe");
        if (!("Bearer " + STRIPE_KEY).equals(request.authorization())) {
            answer(
                    exchange,
                    401,
                    Map.of("error", Map.of("type", "invalid_request_error", "message", "Invalid API Key")));
            return;
        }
        if (!request.contentType().startsWith("application/x-www-form-urlencoded")) {
            answer(exchange, 400, Map.of("error", Map.of("message", "Stripe takes form-encoded bodies")));
            return;
        }
        int n = sequence.incrementAndGet();
        Map<String, String> form = request.form();
        switch (request.path()) {
            case "/v1/checkout/sessions" -> {
                if (!"subscription".equals(form.get("mode"))) {
                    answer(exchange, 400, Map.of("error", Map.of("message", "mode is required")));
                    return;
                }
                answer(
                        exchange,
                        200,
                        Map.of(
                                "id",
                                "cs_test_" + n,
                                "object",
                                "checkout.session",
                                "mode",
                                "subscription",
                                "client_reference_id",
                                form.get("client_reference_id"),
                                "url",
                                "https://checkout.stripe.com/c/pay/cs_test_" + n));
            }
            case "/v1/billing_portal/sessions" ->
                answer(
                        exchange,
                        200,
                        Map.of(
                                "id",
                                "bps_" + n,
                                "object",
                                "billing_portal.session",
                                "customer",
                                form.get("customer"),
                                "url",
                                "https://billing.stripe.com/p/session/test_" + n));
            case "/v1/refunds" ->
                answer(
                        exchange,
                        200,
                        Map.of(
                                "id",
                                "re_test_" + n,
                                "object",
                                "refund",
                                "amount",
                                Long.parseLong(form.get("amount")),
                                "payment_intent",
                                form.getOrDefault("payment_intent", ""),
                                "status",
                                "succeeded"));
            default -> answer(exchange, 404, Map.of("error", Map.of("message", "Unrecognized request URL")));
        }
    }

    private void razorpay(HttpExchange exchange) throws IOException {
        Received request = record(exchange, "/razorpay");
        String expected = "Basic "
                + Base64.getEncoder()
                        .encodeToString((RAZORPAY_KEY_ID + ":" + RAZORPAY_KEY_SECRET).getBytes(StandardCharsets.UTF_8));
        if (!expected.equals(request.authorization())) {
            answer(
                    exchange,
                    401,
                    Map.of("error", Map.of("code", "BAD_REQUEST_ERROR", "description", "Authentication failed")));
            return;
        }
        int n = sequence.incrementAndGet();
        String path = request.path();
        if (path.equals("/v1/plans")) {
            answer(exchange, 200, Map.of("id", "plan_test_" + n, "entity", "plan", "period", "monthly"));
        } else if (path.equals("/v1/subscriptions")) {
            JsonNode body = request.json();
            answer(
                    exchange,
                    200,
                    Map.of(
                            "id",
                            "sub_test_" + n,
                            "entity",
                            "subscription",
                            "plan_id",
                            body.path("plan_id").asString(""),
                            "status",
                            "created",
                            "short_url",
                            "https://rzp.io/i/test" + n));
        } else if (path.startsWith("/v1/payments/") && path.endsWith("/refund")) {
            String payment = path.substring("/v1/payments/".length(), path.length() - "/refund".length());
            answer(
                    exchange,
                    200,
                    Map.of(
                            "id",
                            "rfnd_test_" + n,
                            "entity",
                            "refund",
                            "amount",
                            request.json().path("amount").asLong(0),
                            "payment_id",
                            payment,
                            "status",
                            "processed"));
        } else {
            answer(exchange, 404, Map.of("error", Map.of("code", "BAD_REQUEST_ERROR", "description", "not found")));
        }
    }

    private Received record(HttpExchange exchange, String prefix) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        Received request = new Received(
                exchange.getRequestMethod(),
                exchange.getRequestURI().getPath().substring(prefix.length()),
                auth == null ? "" : auth,
                type == null ? "" : type,
                body);
        received.add(request);
        return request;
    }

    private static void answer(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
