package io.levqor.growth.internal;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stripe Connect transfers ({@code POST /v1/transfers}, form-encoded, like billing's Stripe client). The
 * {@code Idempotency-Key} is derived from the payout id, so a second call for one payout (a retry, or the rerun after
 * a crash between the call and its record) returns Stripe's first transfer instead of making another.
 */
@Component
public class StripeTransfers {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    /** A transfer Stripe refused or could not be asked for; the message holds no URL or key. */
    public static class TransferFailed extends RuntimeException {
        TransferFailed(String message) {
            super(message);
        }
    }

    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final JsonMapper json;

    StripeTransfers(JsonMapper json) {
        this.json = json;
    }

    public static String idempotencyKey(UUID payout) {
        return "levqor-payout-" + payout;
    }

    /** Creates (or finds again, by its key) the transfer of a payout; answers Stripe's transfer id. */
    public String transfer(URI apiBase, String secretKey, UUID payout, long amount, String currency, String account) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("amount", Long.toString(amount));
        form.put("currency", currency.toLowerCase(Locale.ROOT));
        form.put("destination", account);
        form.put("transfer_group", "payout_" + payout);
        form.put("metadata[payout_id]", payout.toString());
        String body = form.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        String base = apiBase.toString();
        var request = HttpRequest.newBuilder(URI.create(
                        (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/v1/transfers"))
                .timeout(TIMEOUT)
                .header("Authorization", "Bearer " + secretKey)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Idempotency-Key", idempotencyKey(payout))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new TransferFailed("Stripe unreachable (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransferFailed("interrupted");
        }
        JsonNode answer;
        try {
            answer = json.readTree(response.body());
        } catch (JacksonException e) {
            throw new TransferFailed("Stripe answered " + response.statusCode() + " without JSON");
        }
        if (response.statusCode() >= 400) {
            String message = answer.path("error").path("message").asString("");
            throw new TransferFailed(
                    "Stripe answered " + response.statusCode() + (message.isBlank() ? "" : ": " + message));
        }
        String id = answer.path("id").asString("");
        if (!id.startsWith("tr_")) {
            throw new TransferFailed("Stripe answered without a transfer id");
        }
        return id;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
