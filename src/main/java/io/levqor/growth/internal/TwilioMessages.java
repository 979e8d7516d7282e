package io.levqor.growth.internal;

import io.levqor.growth.Channel;
import io.levqor.growth.internal.ChannelSender.Delivery;
import io.levqor.growth.internal.ChannelSender.Outbound;
import io.levqor.shared.PlatformSettings;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Twilio's Messages API ({@code POST /2010-04-01/Accounts/{sid}/Messages.json}, form-encoded, HTTP basic auth with
 * the account sid and auth token), like the Stripe clients: the JDK's client, a configurable base URL, errors that
 * name no URL or credential. Each message asks for status callbacks at {@link #STATUS_PATH}.
 */
@Component
public class TwilioMessages {

    /** Where Twilio reports a message's later states; verified by {@link TwilioSignature}. */
    public static final String STATUS_PATH = "/api/v1/growth/twilio/status";

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    // Twilio's error codes for a number that can never receive: invalid 'To' (21211), unsubscribed by STOP
    // (21610), not a mobile number (21614), WhatsApp number not on WhatsApp (63003).
    private static final Set<Integer> UNREACHABLE = Set.of(21211, 21610, 21614, 63003);

    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final ChannelPolicy policy;
    private final PlatformSettings platform;
    private final JsonMapper json;

    TwilioMessages(ChannelPolicy policy, PlatformSettings platform, JsonMapper json) {
        this.policy = policy;
        this.platform = platform;
        this.json = json;
    }

    /** Sends one SMS or WhatsApp message; never throws for Twilio's answer. */
    Delivery send(Channel channel, Outbound message) {
        TwilioSettings settings = policy.twilio();
        String from = channel == Channel.WHATSAPP ? settings.whatsappFrom() : settings.smsFrom();
        if (!settings.configured() || from.isBlank()) {
            return Delivery.failed("Twilio is not configured for " + channel.wire(), false);
        }
        String to = Channel.SMS.normalise(message.to());
        Map<String, String> form = new LinkedHashMap<>();
        form.put("To", channel == Channel.WHATSAPP ? "whatsapp:" + to : to);
        form.put("From", channel == Channel.WHATSAPP ? "whatsapp:" + Channel.SMS.normalise(from) : from);
        form.put("Body", message.body());
        form.put("StatusCallback", platform.url(STATUS_PATH));
        String body = form.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        String base = settings.baseUrl().toString();
        String credentials = Base64.getEncoder()
                .encodeToString((settings.accountSid() + ":" + settings.authToken()).getBytes(StandardCharsets.UTF_8));
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(
                            URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base)
                                    + "/2010-04-01/Accounts/" + encode(settings.accountSid()) + "/Messages.json"))
                    .timeout(TIMEOUT)
                    .header("Authorization", "Basic " + credentials)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
        } catch (IllegalArgumentException e) {
            return Delivery.failed("Twilio base URL is not valid", false);
        }
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return Delivery.failed("Twilio unreachable (" + e.getClass().getSimpleName() + ")", true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Delivery.failed("interrupted", true);
        }
        int status = response.statusCode();
        JsonNode answer;
        try {
            answer = json.readTree(response.body());
        } catch (JacksonException e) {
            return Delivery.failed("Twilio answered " + status + " without JSON", status == 429 || status >= 500);
        }
        if (status >= 400) {
            int code = answer.path("code").asInt(0);
            String reason = "Twilio answered " + status + (code == 0 ? "" : " (error " + code + ")");
            if (UNREACHABLE.contains(code)) {
                return Delivery.unregistered(reason);
            }
            return Delivery.failed(reason, status == 429 || status >= 500);
        }
        String sid = answer.path("sid").asString("");
        if (sid.isBlank()) {
            return Delivery.failed("Twilio answered without a message sid", false);
        }
        return Delivery.sent(sid);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
