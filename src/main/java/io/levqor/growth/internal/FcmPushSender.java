package io.levqor.growth.internal;

import io.levqor.growth.Channel;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Push through FCM HTTP v1 ({@code POST /v1/projects/{project}/messages:send} with an OAuth2 bearer from
 * {@link FcmAccessTokens}). A token FCM answers with {@code UNREGISTERED} (404) is reported
 * {@link Delivery#unregistered}: the caller drops it.
 * The idempotency key travels in the data as {@code levqor_message_id}, so an app can drop a repeat.
 */
@Component
class FcmPushSender implements ChannelSender {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final ChannelPolicy policy;
    private final FcmAccessTokens tokens;
    private final JsonMapper json;

    FcmPushSender(ChannelPolicy policy, FcmAccessTokens tokens, JsonMapper json) {
        this.policy = policy;
        this.tokens = tokens;
        this.json = json;
    }

    @Override
    public Channel channel() {
        return Channel.PUSH;
    }

    @Override
    public Delivery send(Outbound message) {
        String bearer;
        FcmAccessTokens.Account account;
        try {
            account = tokens.account();
            bearer = tokens.token();
        } catch (FcmAccessTokens.TokenFailed e) {
            return Delivery.failed(e.getMessage(), e.retryable());
        }
        Map<String, Object> notification = new LinkedHashMap<>();
        if (message.title() != null) {
            notification.put("title", message.title());
        }
        notification.put("body", message.body());
        Map<String, String> data = new LinkedHashMap<>(message.data());
        data.put("levqor_message_id", message.idempotencyKey());
        Map<String, Object> fcm = new LinkedHashMap<>();
        fcm.put("token", message.to());
        fcm.put("notification", notification);
        fcm.put("data", data);
        String base = policy.fcm().baseUrl().toString();
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(
                            URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base)
                                    + "/v1/projects/" + URLEncoder.encode(account.projectId(), StandardCharsets.UTF_8)
                                    + "/messages:send"))
                    .timeout(TIMEOUT)
                    .header("Authorization", "Bearer " + bearer)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(Map.of("message", fcm))))
                    .build();
        } catch (IllegalArgumentException e) {
            return Delivery.failed("FCM base URL is not valid", false);
        }
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return Delivery.failed("FCM unreachable (" + e.getClass().getSimpleName() + ")", true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Delivery.failed("interrupted", true);
        }
        int status = response.statusCode();
        JsonNode answer;
        try {
            answer = json.readTree(response.body());
        } catch (JacksonException e) {
            return Delivery.failed("FCM answered " + status + " without JSON", status == 429 || status >= 500);
        }
        if (status < 400) {
            String name = answer.path("name").asString("");
            return name.isBlank() ? Delivery.failed("FCM answered without a message name", false) : Delivery.sent(name);
        }
        String errorCode = "";
        for (JsonNode detail : answer.path("error").path("details")) {
            if (detail.has("errorCode")) {
                errorCode = detail.path("errorCode").asString("");
            }
        }
        String reason = "FCM answered " + status + (errorCode.isBlank() ? "" : " (" + errorCode + ")");
        if ("UNREGISTERED".equals(errorCode) || (status == 404 && errorCode.isBlank())) {
            return Delivery.unregistered(reason);
        }
        if (status == 401) {
            tokens.forget(); // revoked or expired early: the retry gets a new one
            return Delivery.failed(reason, true);
        }
        return Delivery.failed(reason, status == 429 || status >= 500 || "UNAVAILABLE".equals(errorCode));
    }
}
