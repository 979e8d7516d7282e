package io.levqor.billing.internal;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** Verifies {@code X-Razorpay-Signature}: the hex HMAC-SHA256 of the raw body under the webhook secret. */
public final class RazorpaySignature {

    private RazorpaySignature() {}

    public static void verify(@Nullable String header, byte[] body, List<String> secrets) {
        if (secrets.isEmpty()) {
            throw new WebhookRejected("no Razorpay webhook secret is configured (LEVQOR_RAZORPAY_WEBHOOK_SECRET)");
        }
        if (header == null || header.isBlank()) {
            throw new WebhookRejected("X-Razorpay-Signature header missing");
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(header.trim().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new WebhookRejected("X-Razorpay-Signature is not hex");
        }
        boolean matched = false;
        for (String secret : secrets) {
            matched |= MessageDigest.isEqual(Hmac.sha256(secret, body), given);
        }
        if (!matched) {
            throw new WebhookRejected("X-Razorpay-Signature does not match");
        }
    }
}
