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
import java.security.PublicKey;
import java.security.Signature;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An in-process server answering like Google's OAuth2 token endpoint and FCM HTTP v1, written from their
 * documentation. {@code POST /token} takes {@code grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer} and an
 * {@code assertion}: an RS256 JWT whose signature verifies with the test service account's public key, with
 * {@code iss} the account's e-mail, {@code aud} this token URI, the messaging scope, and a live {@code iat}/{@code
 * exp} at most an hour apart (else 400 {@code invalid_grant}); it answers an access token for an hour. {@code POST
 * /v1/projects/{project}/messages:send} needs one of those tokens, unexpired, as its bearer (else 401
 * {@code UNAUTHENTICATED}); a registration token starting {@code gone} is 404 {@code UNREGISTERED}.
 */
final class FcmPeer implements AutoCloseable {

    /** A push the peer accepted, with the bearer it came with. */
    record Push(String token, String title, String body, Map<String, String> data, String bearer) {}

    private final HttpServer server;
    private final PublicKey key;
    private final String clientEmail;
    private final String project;
    private final Clock clock;
    private final JsonMapper json = JsonMapper.builder().build();
    private final Map<String, Long> issued = new ConcurrentHashMap<>();
    private final List<Push> pushes = new CopyOnWriteArrayList<>();
    private final AtomicInteger tokenRequests = new AtomicInteger();
    private final AtomicInteger sequence = new AtomicInteger();

    FcmPeer(PublicKey key, String clientEmail, String project, Clock clock) throws IOException {
        this.key = key;
        this.clientEmail = clientEmail;
        this.project = project;
        this.clock = clock;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    String tokenUri() {
        return base() + "/token";
    }

    List<Push> pushes() {
        return List.copyOf(pushes);
    }

    int tokenRequests() {
        return tokenRequests.get();
    }

    boolean issuedToken(String token) {
        return issued.containsKey(token);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (exchange.getRequestMethod().equals("POST") && path.equals("/token")) {
                token(exchange);
            } else if (exchange.getRequestMethod().equals("POST")
                    && path.equals("/v1/projects/" + project + "/messages:send")) {
                send(exchange);
            } else {
                answer(exchange, 404, "{\"error\":{\"code\":404,\"status\":\"NOT_FOUND\"}}");
            }
        }
    }

    private void token(HttpExchange exchange) throws IOException {
        tokenRequests.incrementAndGet();
        Map<String, String> form = new HashMap<>();
        for (String pair : new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(
                        URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        if (!"urn:ietf:params:oauth:grant-type:jwt-bearer".equals(form.get("grant_type"))) {
            answer(exchange, 400, "{\"error\":\"unsupported_grant_type\"}");
            return;
        }
        String why = invalid(form.getOrDefault("assertion", ""));
        if (why != null) {
            answer(exchange, 400, "{\"error\":\"invalid_grant\",\"error_description\":\"" + why + "\"}");
            return;
        }
        String token = "ya29.peer-" + sequence.incrementAndGet();
        issued.put(token, clock.instant().getEpochSecond() + 3600);
        answer(exchange, 200, "{\"access_token\":\"" + token + "\",\"expires_in\":3599,\"token_type\":\"Bearer\"}");
    }

    private String invalid(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length != 3) {
            return "not a JWT";
        }
        try {
            Base64.Decoder base64 = Base64.getUrlDecoder();
            JsonNode header = json.readTree(base64.decode(parts[0]));
            JsonNode claims = json.readTree(base64.decode(parts[1]));
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initVerify(key);
            rsa.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!header.path("alg").asString("").equals("RS256") || !rsa.verify(base64.decode(parts[2]))) {
                return "Invalid JWT Signature.";
            }
            long now = clock.instant().getEpochSecond();
            long iat = claims.path("iat").asLong(0);
            long exp = claims.path("exp").asLong(0);
            if (!claims.path("iss").asString("").equals(clientEmail)
                    || !claims.path("aud").asString("").equals(tokenUri())
                    || !claims.path("scope").asString("").contains("https://www.googleapis.com/auth/firebase.messaging")
                    || iat > now + 60
                    || exp <= now
                    || exp - iat > 3600) {
                return "Invalid JWT: claims";
            }
            return null;
        } catch (Exception e) {
            return "Invalid JWT.";
        }
    }

    private void send(HttpExchange exchange) throws IOException {
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        String bearer = auth != null && auth.startsWith("Bearer ") ? auth.substring(7) : "";
        Long expires = issued.get(bearer);
        if (expires == null || expires <= clock.instant().getEpochSecond()) {
            answer(
                    exchange,
                    401,
                    "{\"error\":{\"code\":401,\"message\":\"Request had invalid authentication credentials.\","
                            + "\"status\":\"UNAUTHENTICATED\"}}");
            return;
        }
        JsonNode message =
                json.readTree(exchange.getRequestBody().readAllBytes()).path("message");
        String token = message.path("token").asString("");
        if (token.startsWith("gone")) {
            answer(
                    exchange,
                    404,
                    "{\"error\":{\"code\":404,\"message\":\"Requested entity was not found.\",\"status\":\"NOT_FOUND\","
                            + "\"details\":[{\"@type\":\"type.googleapis.com/google.firebase.fcm.v1.FcmError\","
                            + "\"errorCode\":\"UNREGISTERED\"}]}}");
            return;
        }
        Map<String, String> data = new HashMap<>();
        message.path("data")
                .properties()
                .forEach(e -> data.put(e.getKey(), e.getValue().asString()));
        pushes.add(new Push(
                token,
                message.path("notification").path("title").asString(""),
                message.path("notification").path("body").asString(""),
                data,
                bearer));
        answer(exchange, 200, "{\"name\":\"projects/" + project + "/messages/0:" + sequence.incrementAndGet() + "\"}");
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
