package io.levqor.mail;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One e-mail to one recipient.
 *
 * @param html an optional HTML alternative to {@code text}
 * @param category what kind of mail it is ({@code verify-email}, {@code password-reset}), for filtering and metrics
 * @param headers extra header fields in the order given ({@code List-Unsubscribe}); names are RFC 5322 field names,
 *     values hold no CR or LF (a value with a line break could smuggle in a header of its own), and the fields the
 *     transport sets itself ({@code From}, {@code To}, {@code Subject}, …) are refused
 */
public record Message(
        String to,
        String subject,
        String text,
        @Nullable String html,
        @Nullable String category,
        Map<String, String> headers) {

    // RFC 5322 field-name: printable US-ASCII except the colon; kept to the usual letters, digits and dashes.
    private static final Pattern FIELD_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,75}");
    private static final Set<String> RESERVED = Set.of(
            "from",
            "to",
            "cc",
            "bcc",
            "subject",
            "sender",
            "reply-to",
            "date",
            "message-id",
            "mime-version",
            "content-type",
            "content-transfer-encoding",
            "return-path");

    public Message {
        Map<String, String> copy = new LinkedHashMap<>();
        headers.forEach((name, value) -> {
            if (!FIELD_NAME.matcher(name).matches() || RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("Not a header this message may set: " + name);
            }
            if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0 || value.length() > 2000) {
                throw new IllegalArgumentException("The value of header " + name + " has a line break or is too long");
            }
            copy.put(name, value);
        });
        headers = Collections.unmodifiableMap(copy);
    }

    public Message(String to, String subject, String text, @Nullable String html, @Nullable String category) {
        this(to, subject, text, html, category, Map.of());
    }

    public static Message of(String to, String subject, String text) {
        return new Message(to, subject, text, null, null);
    }

    public Message withCategory(String category) {
        return new Message(to, subject, text, html, category, headers);
    }

    public Message withHtml(String html) {
        return new Message(to, subject, text, html, category, headers);
    }

    /** This message with one more header field (checked like the others). */
    public Message withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new Message(to, subject, text, html, category, more);
    }
}
