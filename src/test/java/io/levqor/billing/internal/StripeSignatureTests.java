package io.levqor.billing.internal;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class StripeSignatureTests {

    private static final String BODY = "{\"id\":\"evt_1\",\"type\":\"invoice.paid\"}";
    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    private static final Duration TOLERANCE = Duration.ofMinutes(5);
    private static final List<String> SECRETS = List.of("whsec_a", "whsec_b");

    @Test
    void acceptsASignatureOfTheTimestampAndBody() {
        assertThatCode(() -> verify(header(NOW.getEpochSecond(), "whsec_a"), BODY))
                .doesNotThrowAnyException();
    }

    @Test
    void acceptsTheSecondSecretDuringRotation() {
        assertThatCode(() -> verify(header(NOW.getEpochSecond(), "whsec_b"), BODY))
                .doesNotThrowAnyException();
    }

    @Test
    void acceptsWhenAnyOfSeveralV1SignaturesMatches() {
        long t = NOW.getEpochSecond();
        String header = "t=" + t + ",v1=" + sign("whsec_other", t, BODY) + ",v0=abc,v1=" + sign("whsec_a", t, BODY);
        assertThatCode(() -> verify(header, BODY)).doesNotThrowAnyException();
    }

    @Test
    void acceptsTimestampsUpToFiveMinutesEitherWay() {
        long past = NOW.minus(TOLERANCE).getEpochSecond();
        long future = NOW.plus(TOLERANCE).getEpochSecond();
        assertThatCode(() -> verify(header(past, "whsec_a"), BODY)).doesNotThrowAnyException();
        assertThatCode(() -> verify(header(future, "whsec_a"), BODY)).doesNotThrowAnyException();
    }

    @Test
    void refusesAStaleOrFutureTimestamp() {
        long stale = NOW.minus(TOLERANCE).minusSeconds(1).getEpochSecond();
        long future = NOW.plus(TOLERANCE).plusSeconds(1).getEpochSecond();
        assertThatThrownBy(() -> verify(header(stale, "whsec_a"), BODY)).isInstanceOf(WebhookRejected.class);
        assertThatThrownBy(() -> verify(header(future, "whsec_a"), BODY)).isInstanceOf(WebhookRejected.class);
    }

    @Test
    void refusesTheWrongSecret() {
        assertThatThrownBy(() -> verify(header(NOW.getEpochSecond(), "whsec_wrong"), BODY))
                .isInstanceOf(WebhookRejected.class);
    }

    @Test
    void refusesATamperedBody() {
        assertThatThrownBy(() -> verify(header(NOW.getEpochSecond(), "whsec_a"), BODY.replace("evt_1", "evt_2")))
                .isInstanceOf(WebhookRejected.class);
    }

    @Test
    void refusesATruncatedSignature() {
        String header = header(NOW.getEpochSecond(), "whsec_a");
        assertThatThrownBy(() -> verify(header.substring(0, header.length() - 2), BODY))
                .isInstanceOf(WebhookRejected.class);
    }

    @Test
    void refusesAHeaderWithoutTimestampOrV1() {
        long t = NOW.getEpochSecond();
        assertThatThrownBy(() -> verify("v1=" + sign("whsec_a", t, BODY), BODY)).isInstanceOf(WebhookRejected.class);
        assertThatThrownBy(() -> verify("t=" + t, BODY)).isInstanceOf(WebhookRejected.class);
        assertThatThrownBy(() -> verify("t=" + t + ",v0=" + sign("whsec_a", t, BODY), BODY))
                .isInstanceOf(WebhookRejected.class);
        assertThatThrownBy(() -> verify(null, BODY)).isInstanceOf(WebhookRejected.class);
        assertThatThrownBy(() -> verify("garbage", BODY)).isInstanceOf(WebhookRejected.class);
    }

    @Test
    void refusesEverythingWhenNoSecretIsConfigured() {
        assertThatThrownBy(() -> StripeSignature.verify(
                        header(NOW.getEpochSecond(), "whsec_a"),
                        BODY.getBytes(StandardCharsets.UTF_8),
                        List.of(),
                        NOW,
                        TOLERANCE))
                .isInstanceOf(WebhookRejected.class);
    }

    private static void verify(String header, String body) {
        StripeSignature.verify(header, body.getBytes(StandardCharsets.UTF_8), SECRETS, NOW, TOLERANCE);
    }

    private static String header(long t, String secret) {
        return "t=" + t + ",v1=" + sign(secret, t, BODY);
    }

    private static String sign(String secret, long t, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((t + "." + body).getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
