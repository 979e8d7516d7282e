package io.levqor.growth.internal;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * OAuth2 access tokens for FCM from a Google service account (RFC 7523): a JWT naming the account, the messaging
 * scope and the token URI, signed RS256 with the account's private key, is posted to the token URI as
 * {@code grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer}. The token is kept until five minutes before it
 * expires (by the injected clock), so a send does not pay for a token exchange.
 */
@Component
public class FcmAccessTokens {

    static final String SCOPE = "https://www.googleapis.com/auth/firebase.messaging";
    static final String GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    private static final Duration EARLY = Duration.ofMinutes(5);
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    /** The service account could not be read or the token URI refused it; the message holds no key or URL. */
    public static class TokenFailed extends RuntimeException {
        private final boolean retryable;

        TokenFailed(String message, boolean retryable) {
            super(message);
            this.retryable = retryable;
        }

        public boolean retryable() {
            return retryable;
        }
    }

    /** What a service-account key holds that this needs. */
    record Account(String clientEmail, String keyId, PrivateKey key, String projectId, String tokenUri) {}

    private record Cached(String source, String token, Instant refreshAt) {}

    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final ChannelPolicy policy;
    private final JsonMapper json;
    private final Clock clock;
    private volatile @Nullable Cached cached;
    private volatile @Nullable Account account;
    private volatile @Nullable String accountSource;

    FcmAccessTokens(ChannelPolicy policy, JsonMapper json, Clock clock) {
        this.policy = policy;
        this.json = json;
        this.clock = clock;
    }

    /** The service account in force, read once per setting. */
    Account account() {
        FcmSettings settings = policy.fcm();
        String source = settings.serviceAccount() + "\n" + settings.tokenUri() + "\n" + settings.projectId();
        Account known = account;
        if (known != null && source.equals(accountSource)) {
            return known;
        }
        Account read = read(settings);
        account = read;
        accountSource = source;
        return read;
    }

    /** A bearer token for FCM: the cached one, or a new one from the token URI. */
    public synchronized String token() {
        Account current = account();
        String source = current.clientEmail() + "\n" + current.tokenUri();
        Instant now = clock.instant();
        Cached held = cached;
        if (held != null && held.source().equals(source) && now.isBefore(held.refreshAt())) {
            return held.token();
        }
        String form = "grant_type=" + URLEncoder.encode(GRANT, StandardCharsets.UTF_8) + "&assertion="
                + URLEncoder.encode(assertion(current, now), StandardCharsets.UTF_8);
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(current.tokenUri()))
                    .timeout(TIMEOUT)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form))
                    .build();
        } catch (IllegalArgumentException e) {
            throw new TokenFailed("the token URI is not valid", false);
        }
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new TokenFailed("token endpoint unreachable (" + e.getClass().getSimpleName() + ")", true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TokenFailed("interrupted", true);
        }
        int status = response.statusCode();
        JsonNode answer;
        try {
            answer = json.readTree(response.body());
        } catch (JacksonException e) {
            throw new TokenFailed("token endpoint answered " + status + " without JSON", status >= 500);
        }
        String token = answer.path("access_token").asString("");
        if (status >= 400 || token.isBlank()) {
            String error = answer.path("error").asString("");
            throw new TokenFailed(
                    "token endpoint answered " + status + (error.isBlank() ? "" : " (" + error + ")"),
                    status == 429 || status >= 500);
        }
        long expiresIn = answer.path("expires_in").asLong(3600);
        cached = new Cached(source, token, now.plusSeconds(expiresIn).minus(EARLY));
        return token;
    }

    /** Forgets the cached token (FCM answered 401: it was revoked or has expired early). */
    public void forget() {
        cached = null;
    }

    // The JWT of RFC 7523 as Google documents it for service accounts: iss the account's e-mail, aud the token
    // URI, the scope asked for, an hour's life.
    private String assertion(Account current, Instant now) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", "RS256");
        header.put("typ", "JWT");
        header.put("kid", current.keyId());
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", current.clientEmail());
        claims.put("scope", SCOPE);
        claims.put("aud", current.tokenUri());
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", now.getEpochSecond() + 3600);
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        String signingInput = base64.encodeToString(json.writeValueAsBytes(header)) + "."
                + base64.encodeToString(json.writeValueAsBytes(claims));
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(current.key());
            rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + base64.encodeToString(rsa.sign());
        } catch (GeneralSecurityException e) {
            throw new TokenFailed("the service account's key cannot sign", false);
        }
    }

    private Account read(FcmSettings settings) {
        String configured = settings.serviceAccount().strip();
        if (configured.isEmpty()) {
            throw new TokenFailed("push is not configured (levqor.growth.fcm.service-account)", false);
        }
        String text = configured;
        if (!configured.startsWith("{")) {
            try {
                text = Files.readString(Path.of(configured));
            } catch (IOException | RuntimeException e) {
                throw new TokenFailed("the service-account file cannot be read", false);
            }
        }
        JsonNode key;
        try {
            key = json.readTree(text);
        } catch (JacksonException e) {
            throw new TokenFailed("the service account is not JSON", false);
        }
        String email = key.path("client_email").asString("");
        String pem = key.path("private_key").asString("");
        String project = settings.projectId().isBlank() ? key.path("project_id").asString("") : settings.projectId();
        String tokenUri = settings.tokenUri().isBlank()
                ? key.path("token_uri").asString("https://oauth2.googleapis.com/token")
                : settings.tokenUri();
        if (email.isBlank() || pem.isBlank() || project.isBlank()) {
            throw new TokenFailed("the service account lacks client_email, private_key or project_id", false);
        }
        try {
            byte[] der = Base64.getMimeDecoder()
                    .decode(pem.replace("-----BEGIN PRIVATE KEY-----", "").replace("-----END PRIVATE KEY-----", ""));
            PrivateKey privateKey = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
            return new Account(email, key.path("private_key_id").asString(""), privateKey, project, tokenUri);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new TokenFailed("the service account's private_key is not a PKCS#8 RSA key", false);
        }
    }
}
