package io.levqor.growth;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A campaign with its progress and results.
 *
 * @param status {@code scheduled}, {@code sending}, {@code sent} or {@code cancelled}
 * @param audienceSize before the start, the people the audience holds now (of whom {@code suppressed} will be
 *     skipped); from the start, the recipients written then
 * @param total the recipients written at the start; null before
 * @param done recipients the send is finished with (sent, failed, suppressed, unknown)
 * @param sent recipients whose provider accepted the message
 * @param progressPercent the share of recipients done, 0 to 100
 * @param results recipients per result: {@code sent}, {@code delivered}, {@code opened}, {@code clicked},
 *     {@code bounced}, {@code failed}, {@code unsubscribed}, {@code suppressed}, {@code pending}, {@code unknown}
 */
public record CampaignView(
        UUID id,
        String name,
        Channel channel,
        CampaignAudience audience,
        @Nullable String subject,
        String body,
        @Nullable String html,
        boolean tracking,
        String status,
        Instant sendAt,
        long audienceSize,
        long suppressed,
        @Nullable Integer total,
        long done,
        long sent,
        int progressPercent,
        Map<String, Long> results,
        Instant createdAt,
        @Nullable Instant startedAt,
        @Nullable Instant finishedAt) {}
