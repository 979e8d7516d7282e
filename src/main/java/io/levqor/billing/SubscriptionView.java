package io.levqor.billing;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A subscription at a provider.
 *
 * @param graceUntil when a past-due subscription expires unless a payment arrives first
 */
public record SubscriptionView(
        UUID id,
        String provider,
        String providerId,
        String plan,
        SubscriptionState state,
        @Nullable Instant periodStart,
        @Nullable Instant periodEnd,
        @Nullable Instant graceUntil) {}
