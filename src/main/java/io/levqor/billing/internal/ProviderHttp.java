package io.levqor.billing.internal;

import io.levqor.billing.PaymentProvider;
import io.levqor.billing.PaymentProviderError;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Calls to the providers' REST APIs: one place for timeouts, encodings and turning their errors into a 502. */
@Component
public class ProviderHttp {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final JsonMapper json;

    public ProviderHttp(JsonMapper json) {
        this.json = json;
    }

    /** A form-encoded POST (Stripe), keys in the order given; nested keys are spelled {@code a[b][c]}. */
    public JsonNode postForm(
            PaymentProvider provider,
            URI uri,
            String authorization,
            Map<String, String> form,
            @Nullable String idempotencyKey) {
        String body = form.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        var request = HttpRequest.newBuilder(uri)
                .timeout(TIMEOUT)
                .header("Authorization", authorization)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return send(provider, request.build());
    }

    /** A JSON POST (Razorpay). */
    public JsonNode postJson(PaymentProvider provider, URI uri, String authorization, Object body) {
        var request = HttpRequest.newBuilder(uri)
                .timeout(TIMEOUT)
                .header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
                .build();
        return send(provider, request);
    }

    private JsonNode send(PaymentProvider provider, HttpRequest request) {
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw PaymentProviderError.failed(
                    provider, "unreachable (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw PaymentProviderError.failed(provider, "interrupted");
        }
        JsonNode body;
        try {
            body = json.readTree(response.body());
        } catch (JacksonException e) {
            throw PaymentProviderError.failed(provider, "answered " + response.statusCode() + " without JSON");
        }
        if (response.statusCode() >= 400) {
            JsonNode error = body.path("error");
            String message =
                    error.path("message").asString(error.path("description").asString(""));
            throw PaymentProviderError.failed(
                    provider, "answered " + response.statusCode() + (message.isBlank() ? "" : ": " + message));
        }
        return body;
    }

    public static URI resolve(URI base, String path) {
        String b = base.toString();
        return URI.create((b.endsWith("/") ? b.substring(0, b.length() - 1) : b) + path);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
