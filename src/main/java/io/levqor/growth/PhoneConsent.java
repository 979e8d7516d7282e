package io.levqor.growth;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** A person's opt-in to SMS or WhatsApp at a number: when, from where, and whether it was withdrawn. */
public record PhoneConsent(
        Channel channel,
        String phone,
        String source,
        Instant consentedAt,
        @Nullable Instant withdrawnAt) {}
