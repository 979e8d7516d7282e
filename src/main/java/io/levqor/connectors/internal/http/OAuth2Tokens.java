package io.levqor.connectors.internal.http;

import io.levqor.connectors.StepFailure;
import io.levqor.connectors.internal.HttpFailures;
import io.levqor.connectors.internal.OutboundHttp;
import io.levqor.connectors.internal.OutboundRequest;
import io.levqor.connectors.internal.OutboundResponse;
import io.levqor.shared.WorkspaceId;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Access tokens from OAuth2 client-credentials grants (RFC 6749 §4.4), cached until shortly before they expire. The
 * cache key includes a hash of the client secret, so replacing a credential's secret fetches a new token.
 */
@Component
public class OAuth2Tokens {

    // Refresh a little early so a token does not expire between the check and the call.
    private static final Duration EARLY = Duration.ofSeconds(30);
    private static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(5);

    /** A token and whether it came from the cache. */
    public record Token(String value, boolean cached, String cacheKey) {}

    private record Entry(String token, Instant expiresAt) {}

    private final OutboundHttp http;
    private final Clock clock;
    private final Map<String, Entry> cache = new ConcurrentHashMap<>();

    public OAuth2Tokens(OutboundHttp http, Clock clock) {
        this.http = http;
        this.clock = clock;
    }

    public Token token(WorkspaceId workspace, Map<String, Object> credential, String idempotencyKey, Duration timeout)
            throws InterruptedException {
        String tokenUrl = field(credential, "tokenUrl");
        String clientId = field(credential, "clientId");
        String clientSecret = field(credential, "clientSecret");
        String scope = (String) credential.get("scope");
        String audience = (String) credential.get("audience");
        boolean inBody = "body".equals(credential.get("authStyle"));
        String key = cacheKey(workspace, tokenUrl, clientId, clientSecret, scope, audience);
        Entry entry = cache.get(key);
        if (entry != null && entry.expiresAt().isAfter(clock.instant())) {
            return new Token(entry.token(), true, key);
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        if (scope != null && !scope.isBlank()) {
            form.put("scope", scope);
        }
        if (audience != null && !audience.isBlank()) {
            form.put("audience", audience);
        }
        if (inBody) {
            form.put("client_id", clientId);
            form.put("client_secret", clientSecret);
        }
        OutboundRequest request = OutboundRequest.post(
                        URI.create(tokenUrl),
                        "application/x-www-form-urlencoded",
                        formBody(form).getBytes(StandardCharsets.UTF_8),
                        idempotencyKey)
                .withHeader("Accept", "application/json");
        if (!inBody) {
            // RFC 6749 §2.3.1: the client id and secret are form-encoded before they go into Basic.
            String basic = Base64.getEncoder()
                    .encodeToString((encode(clientId) + ":" + encode(clientSecret)).getBytes(StandardCharsets.UTF_8));
            request = request.withHeader("Authorization", "Basic " + basic);
        }
        OutboundResponse response = http.send("oauth2", request, timeout);
        Object body = response.jsonOrNull();
        if (!response.successful()) {
            String error = body instanceof Map<?, ?> map && map.get("error") != null ? ": " + map.get("error") : "";
            throw new StepFailure(
                    "OAuth2 token request answered HTTP " + response.status() + error + " (from "
                            + response.uri().getHost() + ")",
                    HttpFailures.retryable(response.status()),
                    HttpFailures.retryAfter(response, clock));
        }
        if (!(body instanceof Map<?, ?> map) || !(map.get("access_token") instanceof String token)) {
            throw StepFailure.permanent(
                    "OAuth2 token response from " + response.uri().getHost() + " has no access_token");
        }
        Duration lifetime = HttpFailures.seconds(map.get("expires_in"));
        Duration usable = (lifetime == null ? DEFAULT_LIFETIME : lifetime).minus(EARLY);
        if (usable.isPositive()) {
            cache.put(key, new Entry(token, clock.instant().plus(usable)));
        }
        return new Token(token, false, key);
    }

    /** Forgets a token the resource server turned down (revoked before it expired). */
    public void evict(String cacheKey) {
        cache.remove(cacheKey);
    }

    public static String formBody(Map<String, ?> fields) {
        StringJoiner joiner = new StringJoiner("&");
        fields.forEach((name, value) -> {
            if (value instanceof List<?> values) {
                values.forEach(item -> joiner.add(encode(name) + "=" + encode(String.valueOf(item))));
            } else if (value != null) {
                joiner.add(encode(name) + "=" + encode(String.valueOf(value)));
            }
        });
        return joiner.toString();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String field(Map<String, Object> credential, String name) {
        if (!(credential.get(name) instanceof String value) || value.isBlank()) {
            throw StepFailure.permanent("the OAuth2 credential has no " + name);
        }
        return value;
    }

    private static String cacheKey(
            WorkspaceId workspace,
            String tokenUrl,
            String clientId,
            String clientSecret,
            @Nullable String scope,
            @Nullable String audience) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String part : new String[] {
                workspace.toString(),
                tokenUrl,
                clientId,
                clientSecret,
                scope == null ? "" : scope,
                audience == null ? "" : audience
            }) {
                sha.update(part.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
