package io.levqor.growth;

import io.levqor.shared.Money;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A payout: {@code pending} until paid or failed; {@code method} is {@code stripe} (a Connect transfer) or
 * {@code manual} (the operator pays by hand and marks it paid).
 */
public record PayoutView(
        UUID id,
        UUID partnerId,
        Money amount,
        String method,
        String status,
        int attempts,
        @Nullable String transferId,
        @Nullable String lastError,
        Instant createdAt,
        @Nullable Instant finishedAt) {}
