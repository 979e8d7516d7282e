package io.levqor.billing.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Verifies a {@code Stripe-Signature} header ({@code t=<unix seconds>,v1=<hex>,v1=<hex>,…}): an HMAC-SHA256 of
 * {@code "<t>.<raw body>"} under one of the endpoint's secrets must equal one of the {@code v1} values, and
 * {@code t} must lie within the tolerance of now, either way (a replayed old delivery fails).
 */
public final class StripeSignature {

    private StripeSignature() {}

    public static void verify(
            @Nullable String header, byte[] body, List<String> secrets, Instant now, Duration tolerance) {
        if (secrets.isEmpty()) {
            throw new WebhookRejected("no Stripe webhook secret is configured (LEVQOR_STRIPE_WEBHOOK_SECRET)");
        }
        if (header == null || header.isBlank()) {
            throw new WebhookRejected("Stripe-Signature header missing");
        }
        Long timestamp = null;
        List<byte[]> signatures = new ArrayList<>();
        for (String part : header.split(",")) {
            int eq = part.indexOf('=');
            if (eq < 1) {
                continue;
            }
            String key = part.substring(0, eq).trim();
            String value = part.substring(eq + 1).trim();
            if (key.equals("t")) {
                try {
                    timestamp = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    throw new WebhookRejected("Stripe-Signature timestamp is not a number");
                }
            } else if (key.equals("v1")) {
                try {
                    signatures.add(HexFormat.of().parseHex(value));
                } catch (IllegalArgumentException e) {
                    // not hex: cannot match, ignore like any unknown scheme
                }
            }
        }
        if (timestamp == null || signatures.isEmpty()) {
            throw new WebhookRejected("Stripe-Signature needs t= and at least one v1=");
        }
        long skew = Math.abs(now.getEpochSecond() - timestamp);
        if (skew > tolerance.toSeconds()) {
            throw new WebhookRejected("Stripe-Signature timestamp is outside the tolerance");
        }
        byte[] prefix = (timestamp + ".").getBytes(StandardCharsets.UTF_8);
        byte[] signed = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, signed, 0, prefix.length);
        System.arraycopy(body, 0, signed, prefix.length, body.length);
        boolean matched = false;
        for (String secret : secrets) {
            byte[] expected = Hmac.sha256(secret, signed);
            for (byte[] candidate : signatures) {
                // non-short-circuit: every comparison runs, each in constant time
                matched |= MessageDigest.isEqual(expected, candidate);
            }
        }
        if (!matched) {
            throw new WebhookRejected("Stripe-Signature does not match");
        }
    }
}
