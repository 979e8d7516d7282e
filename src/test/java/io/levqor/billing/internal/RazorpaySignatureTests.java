package io.levqor.billing.internal;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class RazorpaySignatureTests {

    private static final String BODY = "{\"event\":\"subscription.charged\",\"payload\":{}}";

    @Test
    void acceptsTheHexHmacOfTheRawBody() {
        assertThatCode(() -> verify(sign("secret", BODY), BODY)).doesNotThrowAnyException();
        assertThatCode(() -> verify(sign("secret", BODY).toUpperCase(), BODY)).doesNotThrowAnyException();
    }

    @Test
    void refusesWrongSecretTamperedBodyTruncatedOrMissingSignature() {
        assertThatThrownBy(() -> verify(sign("other", BODY), BODY)).isInstanceOf(WebhookRejected.class);
        assertThatThrownBy(() -> verify(sign("secret", BODY), BODY + " ")).isInstanceOf(WebhookRejected.class);
        String signature = sign("secret", BODY);
        assertThatThrownBy(() -> verify(signature.substring(0, 60), BODY)).isInstanceOf(WebhookRejected.class);
        assertThatThrownBy(() -> verify(signature.substring(0, 63), BODY)).isInstanceOf(WebhookRejected.class);
        assertThatThrownBy(() -> verify(null, BODY)).isInstanceOf(WebhookRejected.class);
        assertThatThrownBy(() -> verify("zz-not-hex", BODY)).isInstanceOf(WebhookRejected.class);
    }

    private static void verify(String signature, String body) {
        RazorpaySignature.verify(signature, body.getBytes(StandardCharsets.UTF_8), List.of("secret"));
    }

    private static String sign(String secret, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
