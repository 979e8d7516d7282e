package io.levqor.billing;

import io.levqor.shared.Money;
import java.time.Instant;
import java.util.UUID;

/** A payment as the workspace and the operator see it. */
public record PaymentView(
        UUID id,
        String provider,
        String plan,
        Money amount,
        Money refunded,
        long creditsGranted,
        long creditsClawedBack,
        long creditShortfall,
        Instant paidAt) {}
