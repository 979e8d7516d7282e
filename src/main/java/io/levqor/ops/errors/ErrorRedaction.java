package io.levqor.ops.errors;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Strips what must never be stored from an error's message and path: bearer tokens, JWTs, {@code key=value} pairs
 * whose key names a secret, query strings, e-mail addresses and long token-like strings (UUIDs stay: they are ids,
 * not secrets). Exceptions can quote anything, so the message is scrubbed by shape, then truncated.
 */
public final class ErrorRedaction {

    /** Longest message kept in a sample. */
    public static final int MAX_MESSAGE = 500;

    /** Longest path kept in a sample. */
    public static final int MAX_PATH = 300;

    static final String REDACTED = "[redacted]";

    private static final Pattern BEARER = Pattern.compile("(?i)\\b(bearer|basic)\\s+[^\\s,;\"']+");
    private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");
    private static final Pattern SECRET_PAIR = Pattern.compile(
            "(?i)\\b([a-z0-9_-]*(?:authorization|password|passwd|secret|token|api[_-]?key|access[_-]?key|signature"
                    + "|cookie|session|credential)[a-z0-9_-]*)(\"?\\s*[=:]\\s*\"?)[^\\s&,;\"']+");
    private static final Pattern QUERY = Pattern.compile("\\?[^\\s\"'<>]*");
    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}");
    private static final Pattern LONG_TOKEN = Pattern.compile("[A-Za-z0-9_\\-+/=.]{24,}");
    private static final Pattern UUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern DOTTED_NAME =
            Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)+");

    private ErrorRedaction() {}

    /** The message with secrets replaced by {@code [redacted]}, truncated to {@link #MAX_MESSAGE} characters. */
    public static @Nullable String message(@Nullable String message) {
        if (message == null) {
            return null;
        }
        String text = BEARER.matcher(message).replaceAll("$1 " + REDACTED);
        text = JWT.matcher(text).replaceAll(REDACTED);
        text = SECRET_PAIR.matcher(text).replaceAll("$1$2" + REDACTED);
        text = QUERY.matcher(text).replaceAll("?" + REDACTED);
        text = EMAIL.matcher(text).replaceAll("[email]");
        text = replaceTokens(text);
        return truncate(text, MAX_MESSAGE);
    }

    /**
     * The path without query string or fragment, each token-like segment (a webhook token, a reset code) replaced,
     * truncated to {@link #MAX_PATH} characters.
     */
    public static @Nullable String path(@Nullable String path) {
        if (path == null) {
            return null;
        }
        String bare = path;
        int cut = indexOfAny(bare, '?', '#');
        if (cut >= 0) {
            bare = bare.substring(0, cut);
        }
        // A full URL (a client report's page): keep only its path.
        int scheme = bare.indexOf("://");
        if (scheme >= 0) {
            int slash = bare.indexOf('/', scheme + 3);
            bare = slash < 0 ? "/" : bare.substring(slash);
        }
        String[] segments = bare.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            if (segment.length() >= 20 && !UUID.matcher(segment).matches()) {
                segments[i] = "{redacted}";
            }
        }
        return truncate(String.join("/", segments), MAX_PATH);
    }

    private static String replaceTokens(String text) {
        Matcher matcher = LONG_TOKEN.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String found = matcher.group();
            // Ids and qualified class names (io.levqor.engine.internal.RunQueue) are long but harmless.
            boolean keep = UUID.matcher(found).matches()
                    || (DOTTED_NAME.matcher(found).matches() && !found.chars().anyMatch(Character::isDigit));
            matcher.appendReplacement(out, Matcher.quoteReplacement(keep ? found : REDACTED));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static int indexOfAny(String text, char first, char second) {
        int a = text.indexOf(first);
        int b = text.indexOf(second);
        if (a < 0) {
            return b;
        }
        return b < 0 ? a : Math.min(a, b);
    }

    static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
