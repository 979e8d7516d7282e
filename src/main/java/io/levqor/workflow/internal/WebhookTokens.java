package io.levqor.workflow.internal;

import java.security.SecureRandom;
import java.util.Base64;

/** Webhook tokens: 256 random bits, URL-safe, so guessing one is hopeless. */
public final class WebhookTokens {

    private static final SecureRandom RANDOM = new SecureRandom();

    private WebhookTokens() {}

    public static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
