package io.levqor.billing;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Signs webhook bodies the way the providers do, written from their documentation, independent of main code. */
final class ProviderSignatures {

    private ProviderSignatures() {}

    /** {@code Stripe-Signature: t=<ts>,v1=<hex hmac of "ts.body">}. */
    static String stripe(String body, String secret, long epochSeconds) {
        return "t=" + epochSeconds + ",v1=" + hex(secret, epochSeconds + "." + body);
    }

    /** The hex HMAC of the raw body. */
    static String razorpay(String body, String secret) {
        return hex(secret, body);
    }

    static String hex(String secret, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
