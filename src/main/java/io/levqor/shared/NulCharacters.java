package io.levqor.shared;

import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Finds NUL characters (U+0000) in a request body before they reach PostgreSQL, which stores neither a NUL in
 * {@code text} nor a {@code \u0000} in {@code jsonb}: such input is refused with a 400 naming the field by JSON
 * pointer rather than failing as a 500 at the database.
 */
public final class NulCharacters {

    /** What a refused field's error says. */
    public static final String MESSAGE = "must not contain NUL characters (U+0000)";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private NulCharacters() {}

    /**
     * Where the first NUL in this body is: a JSON pointer ({@code /steps/0/id}, {@code ""} for the whole
     * document) when it is in a JSON string or member name, {@code ""} for a raw NUL byte; empty when there is none.
     * Costs one scan of the bytes; the body is parsed only when an escaped NUL was seen.
     */
    public static Optional<String> find(byte[] body) {
        boolean escaped = false;
        for (int i = 0; i < body.length; i++) {
            byte b = body[i];
            if (b == 0) {
                return Optional.of("");
            }
            if (b == '\\' && i + 1 < body.length) {
                if (isEscapedNul(body, i)) {
                    escaped = true;
                }
                i++; // the escaped character is never the start of another escape
            }
        }
        if (!escaped) {
            return Optional.empty();
        }
        try {
            return pointerOf(JSON.readTree(body), "");
        } catch (JacksonException notJson) {
            // Not JSON: the text keeps the six characters '\u0000' as they are, which PostgreSQL stores fine.
            return Optional.empty();
        }
    }

    /** The field error to answer for a NUL found at {@code pointer} by {@link #find}. */
    public static ValidationFailed refused(String pointer) {
        return ValidationFailed.of(pointer.isEmpty() ? "body" : pointer, MESSAGE);
    }

    /** Throws {@link #refused} when {@code body} holds a NUL. */
    public static void check(byte[] body) {
        Optional<String> found = find(body);
        if (found.isPresent()) {
            throw refused(found.get());
        }
    }

    private static boolean isEscapedNul(byte[] body, int backslash) {
        return backslash + 5 < body.length
                && body[backslash + 1] == 'u'
                && body[backslash + 2] == '0'
                && body[backslash + 3] == '0'
                && body[backslash + 4] == '0'
                && body[backslash + 5] == '0';
    }

    private static Optional<String> pointerOf(JsonNode node, String at) {
        if (node.isString()) {
            return node.asString().indexOf('\0') >= 0 ? Optional.of(at) : Optional.empty();
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                Optional<String> found = pointerOf(node.get(i), at + "/" + i);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> members = node.properties().iterator();
            while (members.hasNext()) {
                Map.Entry<String, JsonNode> member = members.next();
                String child = at + "/" + escape(member.getKey());
                if (member.getKey().indexOf('\0') >= 0) {
                    return Optional.of(child);
                }
                Optional<String> found = pointerOf(member.getValue(), child);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    /** RFC 6901: {@code ~} and {@code /} in a member name; the NUL itself is shown escaped. */
    private static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1").replace("\0", "\\u0000");
    }
}
