package io.levqor.connectors.internal.http;

import static io.levqor.connectors.internal.Schemas.*;

import io.levqor.connectors.CredentialResolver;
import io.levqor.connectors.StepFailure;
import io.levqor.connectors.StepOutcome;
import io.levqor.connectors.StepRequest;
import io.levqor.connectors.StepType;
import io.levqor.connectors.internal.HttpFailures;
import io.levqor.connectors.internal.Json;
import io.levqor.connectors.internal.OutboundHttp;
import io.levqor.connectors.internal.OutboundRequest;
import io.levqor.connectors.internal.OutboundResponse;
import io.levqor.connectors.internal.StepConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/** The {@code http} step: one HTTP call, its response as {@code {status, headers, body}}. */
@Component
public class HttpStep implements StepType {

    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    private final OutboundHttp http;
    private final OAuth2Tokens tokens;
    private final Clock clock;

    public HttpStep(OutboundHttp http, OAuth2Tokens tokens, Clock clock) {
        this.http = http;
        this.tokens = tokens;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "http";
    }

    @Override
    public Map<String, Object> schema() {
        return object(
                props(
                        "method",
                                oneOf(
                                        "HTTP method, GET when absent",
                                        METHODS.stream().sorted().toArray(String[]::new)),
                        "url", url("absolute http(s) URL"),
                        "headers", stringMap("request headers"),
                        "query", anyObject("query parameters added to the URL; a list value repeats the parameter"),
                        "body", anyValue("request body: JSON value, text, or an object for form and multipart"),
                        "bodyType",
                                oneOf(
                                        "how to encode body; by default JSON for objects and lists, text for strings",
                                        "json",
                                        "text",
                                        "form",
                                        "multipart"),
                        "followRedirects", bool("follow up to the platform's redirect limit (default true)"),
                        "credential", credential("basic", "bearer", "apiKey", "oauth2ClientCredentials")),
                "url");
    }

    @Override
    public StepOutcome execute(StepRequest request) throws InterruptedException {
        try {
            return call(request);
        } catch (StepFailure failure) {
            return failure.toOutcome();
        }
    }

    private StepOutcome call(StepRequest request) throws InterruptedException {
        StepConfig config = new StepConfig(request.config());
        String method = config.string("method", "GET").toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            throw StepFailure.permanent("method: must be one of "
                    + String.join(", ", METHODS.stream().sorted().toList()));
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        config.map("headers").forEach((name, value) -> {
            if (value != null) {
                headers.put(name, List.of(value.toString()));
            }
        });
        Map<String, Object> query = new LinkedHashMap<>(config.map("query"));
        Set<String> sensitive = new HashSet<>();
        @Nullable String oauthCacheKey = null;
        boolean cachedToken = false;
        String credentialName = config.credential();
        if (credentialName != null) {
            CredentialResolver credentials = request.credentials();
            Map<String, Object> credential = credentials.resolve(credentialName);
            switch (typeOf(credential)) {
                case "basic" -> {
                    String basic = Base64.getEncoder()
                            .encodeToString((credential.get("username") + ":" + credential.get("password"))
                                    .getBytes(StandardCharsets.UTF_8));
                    credentials.derivedSecret(basic);
                    headers.put("Authorization", List.of("Basic " + basic));
                }
                case "bearer" -> headers.put("Authorization", List.of("Bearer " + credential.get("token")));
                case "openai" -> headers.put("Authorization", List.of("Bearer " + credential.get("apiKey")));
                case "apiKey" -> {
                    String name = String.valueOf(credential.getOrDefault("name", "X-API-Key"));
                    if ("query".equals(credential.get("in"))) {
                        query.put(name, credential.get("key"));
                    } else {
                        headers.put(name, List.of(String.valueOf(credential.get("key"))));
                        sensitive.add(name);
                    }
                }
                case "oauth2ClientCredentials" -> {
                    OAuth2Tokens.Token token =
                            tokens.token(request.workspace(), credential, request.idempotencyKey(), request.timeout());
                    credentials.derivedSecret(token.value());
                    headers.put("Authorization", List.of("Bearer " + token.value()));
                    oauthCacheKey = token.cacheKey();
                    cachedToken = token.cached();
                }
                default ->
                    throw StepFailure.permanent("credential '" + credentialName + "' of type " + typeOf(credential)
                            + " cannot authenticate an http step");
            }
        }
        if (headers.keySet().stream().noneMatch(name -> name.equalsIgnoreCase("Idempotency-Key"))) {
            headers.put("Idempotency-Key", List.of(request.idempotencyKey()));
        }
        byte[] body = encodeBody(config, headers, method);
        URI uri = withQuery(config.string("url"), query);
        OutboundRequest outbound =
                new OutboundRequest(method, uri, headers, body, config.bool("followRedirects", true), sensitive);
        OutboundResponse response = http.send("http", outbound, request.timeout());
        Map<String, Object> output = response.asOutput();
        if (response.successful() || (response.status() >= 300 && response.status() < 400)) {
            return StepOutcome.succeeded(output);
        }
        if (response.status() == 401 && oauthCacheKey != null) {
            tokens.evict(oauthCacheKey);
            if (cachedToken) {
                // The cached token was revoked early; the next attempt fetches a fresh one.
                return new StepOutcome.Failed(
                        "HTTP 401 with a cached OAuth2 token (from " + uri.getHost() + "); fetching a new one",
                        true,
                        null,
                        output);
            }
        }
        return HttpFailures.failed("the server", response, output, clock);
    }

    private static byte @Nullable [] encodeBody(StepConfig config, Map<String, List<String>> headers, String method) {
        Object body = config.get("body");
        if (body == null || method.equals("GET") || method.equals("HEAD")) {
            return null;
        }
        String contentType = headers.entrySet().stream()
                .filter(header -> header.getKey().equalsIgnoreCase("Content-Type"))
                .map(header -> header.getValue().getFirst().toLowerCase(Locale.ROOT))
                .findFirst()
                .orElse(null);
        String bodyType = config.optionalString("bodyType");
        if (bodyType == null) {
            if (contentType != null && contentType.startsWith("application/x-www-form-urlencoded")) {
                bodyType = "form";
            } else if (contentType != null && contentType.startsWith("multipart/form-data")) {
                bodyType = "multipart";
            } else if (body instanceof String && (contentType == null || !contentType.contains("json"))) {
                bodyType = "text";
            } else {
                bodyType = "json";
            }
        }
        switch (bodyType) {
            case "json" -> {
                setContentType(headers, contentType, "application/json");
                return Json.write(body);
            }
            case "text" -> {
                setContentType(headers, contentType, "text/plain; charset=utf-8");
                return String.valueOf(body).getBytes(StandardCharsets.UTF_8);
            }
            case "form" -> {
                setContentType(headers, contentType, "application/x-www-form-urlencoded");
                return OAuth2Tokens.formBody(config.map("body")).getBytes(StandardCharsets.UTF_8);
            }
            case "multipart" -> {
                Multipart.Body multipart = Multipart.encode(config.map("body"));
                // The boundary must match the body, so any Content-Type given is replaced.
                headers.keySet().removeIf(name -> name.equalsIgnoreCase("Content-Type"));
                headers.put("Content-Type", List.of(multipart.contentType()));
                return multipart.bytes();
            }
            default -> throw StepFailure.permanent("bodyType: must be json, text, form or multipart");
        }
    }

    private static void setContentType(Map<String, List<String>> headers, @Nullable String given, String fallback) {
        if (given == null) {
            headers.put("Content-Type", List.of(fallback));
        }
    }

    private static URI withQuery(String url, Map<String, Object> query) {
        URI base;
        try {
            base = new URI(url);
        } catch (URISyntaxException e) {
            throw StepFailure.permanent("url: is not a valid URL");
        }
        if (!base.isAbsolute() || base.getHost() == null) {
            throw StepFailure.permanent("url: must be an absolute http(s) URL");
        }
        if (query.isEmpty()) {
            return base;
        }
        StringJoiner joiner = new StringJoiner("&");
        query.forEach((name, value) -> {
            List<Object> values = value instanceof List<?> list ? new ArrayList<>(list) : List.of(value);
            for (Object item : values) {
                if (item != null) {
                    joiner.add(encode(name) + "=" + encode(item.toString()));
                }
            }
        });
        String raw = base.getRawQuery();
        String combined = raw == null || raw.isEmpty() ? joiner.toString() : raw + "&" + joiner;
        String text = url;
        int hash = text.indexOf('#');
        String fragment = hash < 0 ? "" : text.substring(hash);
        String withoutFragment = hash < 0 ? text : text.substring(0, hash);
        int question = withoutFragment.indexOf('?');
        String path = question < 0 ? withoutFragment : withoutFragment.substring(0, question);
        return URI.create(path + "?" + combined + fragment);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The credential's type as the vault reports it, or guessed from its fields for resolvers that don't say. */
    static String typeOf(Map<String, Object> credential) {
        if (credential.get("type") instanceof String type) {
            return type;
        }
        if (credential.containsKey("tokenUrl")) {
            return "oauth2ClientCredentials";
        }
        if (credential.containsKey("username") && credential.containsKey("password")) {
            return "basic";
        }
        if (credential.containsKey("token")) {
            return "bearer";
        }
        if (credential.containsKey("key")) {
            return "apiKey";
        }
        if (credential.containsKey("apiKey")) {
            return "openai";
        }
        return "unknown";
    }
}
