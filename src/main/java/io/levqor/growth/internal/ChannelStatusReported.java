package io.levqor.growth.internal;

import io.levqor.growth.Channel;
import org.jspecify.annotations.Nullable;

/**
 * A provider's later report on a message it accepted (a verified Twilio status callback): campaigns match it to the
 * recipient by {@code providerId}. Published in the transaction that verified it; listeners must be idempotent.
 *
 * @param status {@code delivered}, {@code failed}, {@code undelivered} or {@code read}
 */
public record ChannelStatusReported(
        Channel channel,
        String providerId,
        String status,
        @Nullable String error) {}
