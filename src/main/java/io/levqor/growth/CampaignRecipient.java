package io.levqor.growth;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One recipient of a campaign.
 *
 * @param status {@code pending}, {@code sending}, {@code sent}, {@code failed}, {@code suppressed} or {@code
 *     unknown} (the sender stopped during the provider call; not sent again)
 * @param outcome what was reported afterwards: {@code delivered}, {@code opened}, {@code clicked}, {@code
 *     bounced}, {@code failed}, {@code unsubscribed}
 */
public record CampaignRecipient(
        UUID userId,
        String address,
        @Nullable String name,
        String status,
        @Nullable String outcome,
        int attempts,
        @Nullable Instant sentAt,
        @Nullable String error) {}
