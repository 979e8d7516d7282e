package io.levqor.mail;

import org.jspecify.annotations.Nullable;

/**
 * One e-mail to one recipient.
 *
 * @param html an optional HTML alternative to {@code text}
 * @param category what kind of mail it is ({@code verify-email}, {@code password-reset}), for filtering and metrics
 */
public record Message(
        String to,
        String subject,
        String text,
        @Nullable String html,
        @Nullable String category) {

    public static Message of(String to, String subject, String text) {
        return new Message(to, subject, text, null, null);
    }

    public Message withCategory(String category) {
        return new Message(to, subject, text, html, category);
    }
}
