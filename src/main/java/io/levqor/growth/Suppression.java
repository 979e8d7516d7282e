package io.levqor.growth;

import java.time.Instant;

/** One entry of the suppression list. */
public record Suppression(Channel channel, String address, SuppressionReason reason, Instant createdAt) {}
