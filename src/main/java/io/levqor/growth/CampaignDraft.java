package io.levqor.growth;

import org.jspecify.annotations.Nullable;

/**
 * A campaign as the operator writes it. {@code body} (and {@code subject}, {@code html}) may hold per-recipient
 * variables: {@code {{name}}}, {@code {{firstName}}}, with a fallback after a bar ({@code {{firstName | there}}}).
 *
 * @param channel {@code email}, {@code sms}, {@code whatsapp} or {@code push}
 * @param subject the e-mail's subject (required for e-mail) or the push's title
 * @param html the e-mail's HTML part; null: made from {@code body}
 * @param tracking e-mail open and click tracking (default on)
 * @param sendAt an ISO-8601 instant; null: now
 */
public record CampaignDraft(
        @Nullable String name,
        @Nullable String channel,
        @Nullable CampaignAudience audience,
        @Nullable String subject,
        @Nullable String body,
        @Nullable String html,
        @Nullable Boolean tracking,
        @Nullable String sendAt) {}
