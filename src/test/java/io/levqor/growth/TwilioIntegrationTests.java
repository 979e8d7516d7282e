package io.levqor.growth;

import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.growth.internal.ChannelPolicy;
import io.levqor.growth.internal.ChannelSender;
import io.levqor.growth.internal.ChannelSender.Delivery;
import io.levqor.growth.internal.ChannelSender.Outbound;
import io.levqor.growth.internal.ChannelStatusReported;
import io.levqor.growth.internal.TwilioSettings;
import io.levqor.growth.internal.TwilioSignature;
import io.levqor.shared.Role;
import io.levqor.support.HttpApi;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.support.RecordedEvents;
import io.levqor.support.TestAccounts;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

/** SMS and WhatsApp through a local server that answers like Twilio, and Twilio's signed callbacks. */
@LevqorIntegrationTest
class TwilioIntegrationTests {

    @Autowired
    ChannelPolicy policy;

    @Autowired
    List<ChannelSender> senders;

    @Autowired
    HttpApi api;

    @Autowired
    TestAccounts accounts;

    @Autowired
    RecordedEvents events;

    @Autowired
    Suppressions suppressions;

    @Autowired
    PhoneConsents consents;

    @Autowired
    Environment environment;

    TwilioPeer twilio;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void peer() throws Exception {
        twilio = new TwilioPeer();
        policy.apply(
                new TwilioSettings(twilio.base(), TwilioPeer.SID, TwilioPeer.TOKEN, "+15005550006", "+14155238886"));
    }

    @AfterEach
    void restore() {
        policy.restore();
        twilio.close();
    }

    @Test
    void theTwilioPeerReceivesCorrectlyFormedAuthenticatedRequestsForSmsAndWhatsApp() {
        Delivery sms = sender(Channel.SMS).send(new Outbound("+44 7700 900123", null, "Hello Ada", Map.of(), "k1"));
        Delivery whatsapp =
                sender(Channel.WHATSAPP).send(new Outbound("+447700900124", null, "Hi on WhatsApp", Map.of(), "k2"));
        Delivery invalid = sender(Channel.SMS).send(new Outbound("+15005550001", null, "Nobody", Map.of(), "k3"));

        assertThat(sms.sent()).isTrue();
        assertThat(whatsapp.sent()).isTrue();
        assertThat(twilio.messages()).hasSize(2);
        String basic = "Basic "
                + Base64.getEncoder()
                        .encodeToString((TwilioPeer.SID + ":" + TwilioPeer.TOKEN).getBytes(StandardCharsets.UTF_8));
        assertThat(twilio.messages().get(0)).satisfies(m -> {
            assertThat(m.sid()).isEqualTo(sms.providerId());
            assertThat(m.to()).isEqualTo("+447700900123");
            assertThat(m.from()).isEqualTo("+15005550006");
            assertThat(m.body()).isEqualTo("Hello Ada");
            assertThat(m.statusCallback()).endsWith("/api/v1/growth/twilio/status");
            assertThat(m.authorization()).isEqualTo(basic);
        });
        assertThat(twilio.messages().get(1)).satisfies(m -> {
            assertThat(m.to()).isEqualTo("whatsapp:+447700900124");
            assertThat(m.from()).isEqualTo("whatsapp:+14155238886");
        });
        // Twilio's 21211 (not a valid number) means the number can never be reached: the caller suppresses it
        assertThat(invalid.unregistered()).isTrue();
        assertThat(invalid.error()).contains("21211").doesNotContain("http");

        policy.apply(new TwilioSettings(twilio.base(), TwilioPeer.SID, "wrong-token", "+15005550006", ""));
        Delivery refused = sender(Channel.SMS).send(new Outbound("+447700900123", null, "x", Map.of(), "k4"));
        assertThat(refused.sent()).isFalse();
        assertThat(refused.retryable()).isFalse();
        assertThat(refused.error()).contains("401").doesNotContain("wrong-token");
        Delivery noWhatsAppSender =
                sender(Channel.WHATSAPP).send(new Outbound("+447700900123", null, "x", Map.of(), "k5"));
        assertThat(noWhatsAppSender.error()).contains("not configured");
        assertThat(twilio.messages()).hasSize(2);
    }

    @Test
    void aSignedStatusCallbackIsReportedAndAForgedOneIsRefused() throws Exception {
        Map<String, String> delivered = Map.of(
                "MessageSid",
                "SM0001",
                "MessageStatus",
                "delivered",
                "To",
                "+447700900123",
                "AccountSid",
                TwilioPeer.SID);

        assertThat(post("/api/v1/growth/twilio/status", delivered, TwilioPeer.TOKEN)
                        .statusCode())
                .isEqualTo(200);
        assertThat(events.ofType(ChannelStatusReported.class))
                .contains(new ChannelStatusReported(Channel.SMS, "SM0001", "delivered", null));

        Map<String, String> failed = new LinkedHashMap<>(delivered);
        failed.put("MessageSid", "SM0002");
        failed.put("MessageStatus", "undelivered");
        failed.put("ErrorCode", "30003");
        failed.put("To", "whatsapp:+447700900123");
        assertThat(post("/api/v1/growth/twilio/status", failed, TwilioPeer.TOKEN)
                        .statusCode())
                .isEqualTo(200);
        assertThat(events.ofType(ChannelStatusReported.class))
                .contains(new ChannelStatusReported(Channel.WHATSAPP, "SM0002", "undelivered", "Twilio error 30003"));

        // forged: signed with another token; a parameter changed after signing; no signature at all
        Map<String, String> forged = new LinkedHashMap<>(delivered);
        forged.put("MessageSid", "SM0003");
        var wrongKey = post("/api/v1/growth/twilio/status", forged, "not-the-token");
        String signature = sign("/api/v1/growth/twilio/status", forged, TwilioPeer.TOKEN);
        forged.put("MessageStatus", "failed");
        var altered = send("/api/v1/growth/twilio/status", forged, signature);
        var unsigned = send("/api/v1/growth/twilio/status", forged, null);
        assertThat(List.of(wrongKey.statusCode(), altered.statusCode(), unsigned.statusCode()))
                .containsOnly(403);
        assertThat(wrongKey.body()).contains("X-Twilio-Signature");
        assertThat(events.ofType(ChannelStatusReported.class))
                .noneMatch(e -> e.providerId().equals("SM0003"));
    }

    @Test
    void aStopWordWithdrawsTheOptInAndSuppressesTheNumberUntilThePersonOptsInAgain() throws Exception {
        var ada = accounts.signUp();
        var optIn = api.post(
                        "/api/v1/me/phone-consent",
                        Map.of(
                                "phone",
                                "+44 7700 900200",
                                "channels",
                                List.of("sms", "whatsapp"),
                                "source",
                                "settings page"))
                .bearer(ada.accessToken())
                .send();
        assertThat(optIn.status()).isEqualTo(200);
        assertThat(optIn.json().get(0).path("source").asString()).isEqualTo("settings page");
        assertThat(optIn.json().get(0).path("consentedAt").asString()).isNotBlank();
        assertThat(consents.mayMessage(Channel.SMS, "+447700900200")).isTrue();
        assertThat(consents.mayMessage(Channel.SMS, "+447700900299")).isFalse(); // never opted in

        assertThat(post("/api/v1/growth/twilio/inbound", inbound("+447700900200", "hello"), TwilioPeer.TOKEN)
                        .statusCode())
                .isEqualTo(200);
        assertThat(consents.mayMessage(Channel.SMS, "+447700900200")).isTrue();
        var forged = post("/api/v1/growth/twilio/inbound", inbound("+447700900200", "STOP"), "forged");
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(consents.mayMessage(Channel.SMS, "+447700900200")).isTrue();

        var stop = post("/api/v1/growth/twilio/inbound", inbound("+447700900200", " Stop "), TwilioPeer.TOKEN);
        assertThat(stop.statusCode()).isEqualTo(200);
        assertThat(stop.body()).contains("<Response>");
        assertThat(suppressions.isSuppressed(Channel.SMS, "+447700900200")).isTrue();
        assertThat(consents.mayMessage(Channel.SMS, "+447700900200")).isFalse();
        assertThat(consents.mayMessage(Channel.WHATSAPP, "+447700900200")).isTrue(); // STOP by SMS is about SMS
        assertThat(suppressions.list(10, 0))
                .anySatisfy(s -> assertThat(s.reason()).isEqualTo(SuppressionReason.STOP));

        int number = 300;
        for (String word : List.of("STOPALL", "unsubscribe", "CANCEL", "End", "QUIT")) {
            String phone = "+447700900" + number++;
            post("/api/v1/growth/twilio/inbound", inbound("whatsapp:" + phone, word), TwilioPeer.TOKEN);
            assertThat(suppressions.isSuppressed(Channel.WHATSAPP, phone))
                    .as(word)
                    .isTrue();
        }

        api.post(
                        "/api/v1/me/phone-consent",
                        Map.of("phone", "+447700900200", "channels", List.of("sms"), "source", "app"))
                .bearer(ada.accessToken())
                .send();
        assertThat(consents.mayMessage(Channel.SMS, "+447700900200")).isTrue();

        var bad = api.post("/api/v1/me/phone-consent", Map.of("phone", "07700 900200"))
                .bearer(ada.accessToken())
                .send();
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("phone");
        var byKey = api.post("/api/v1/me/phone-consent", Map.of("phone", "+447700900201"))
                .bearer(accounts.apiKey(ada, Role.ADMIN))
                .send();
        assertThat(byKey.status()).isEqualTo(403);
    }

    private Map<String, String> inbound(String from, String body) {
        return Map.of(
                "MessageSid",
                "SMin" + from.hashCode(),
                "From",
                from,
                "To",
                "+15005550006",
                "Body",
                body,
                "AccountSid",
                TwilioPeer.SID);
    }

    private ChannelSender sender(Channel channel) {
        return senders.stream().filter(s -> s.channel() == channel).findFirst().orElseThrow();
    }

    private String url(String path) {
        return "http://localhost:" + environment.getProperty("local.server.port") + path;
    }

    private String sign(String path, Map<String, String> form, String token) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        form.forEach((k, v) -> parameters.put(k, List.of(v)));
        return TwilioSignature.sign(token, url(path), parameters);
    }

    private HttpResponse<String> post(String path, Map<String, String> form, String token) throws Exception {
        return send(path, form, sign(path, form, token));
    }

    private HttpResponse<String> send(String path, Map<String, String> form, String signature) throws Exception {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        var request = HttpRequest.newBuilder(URI.create(url(path)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (signature != null) {
            request.header("X-Twilio-Signature", signature);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
