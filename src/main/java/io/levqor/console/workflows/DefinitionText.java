package io.levqor.console.workflows;

import io.levqor.shared.FieldError;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * A definition as the user typed it. Parses the text and maps the API's JSON pointers ({@code /steps/2/url}) back to
 * the line where that member starts, so problems show next to the offending line of the user's own text.
 */
public final class DefinitionText {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String text;
    private final @Nullable Object value;
    private final @Nullable Problem syntaxError;
    private final Map<String, Integer> lines;

    private DefinitionText(
            String text, @Nullable Object value, @Nullable Problem syntaxError, Map<String, Integer> lines) {
        this.text = text;
        this.value = value;
        this.syntaxError = syntaxError;
        this.lines = lines;
    }

    // Members a reader looks for first, in this order; the rest keep the order they come in.
    private static final List<String> FIRST =
            List.of("id", "type", "name", "trigger", "if", "credential", "steps", "output", "concurrency");

    /**
     * A stored definition as the console shows it, the same way every time: 2-space JSON, and in every object the
     * members a reader looks for first ({@code trigger} before {@code steps}, a step's {@code id} and {@code type}
     * before its fields). The database keeps a definition as {@code jsonb}, which does not keep the author's member
     * order, so a plain re-print would reorder what the author wrote on every save.
     */
    public static String canonical(@Nullable Object definition) {
        return io.levqor.console.web.ConsoleFormat.pretty(ordered(definition));
    }

    private static @Nullable Object ordered(@Nullable Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, @Nullable Object> out = new java.util.LinkedHashMap<>();
            for (String key : FIRST) {
                if (map.containsKey(key)) {
                    out.put(key, ordered(map.get(key)));
                }
            }
            map.forEach((key, member) -> out.putIfAbsent(String.valueOf(key), ordered(member)));
            return out;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(DefinitionText::ordered).toList();
        }
        return value;
    }

    /** A problem at a line of the text (1-based; 1 when it concerns the whole definition). */
    public record Problem(int line, String pointer, String message) {}

    public static DefinitionText parse(String text) {
        Map<String, Integer> lines = new HashMap<>();
        lines.put("", 1);
        try (JsonParser parser = JSON.createParser(text)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                int line = parser.currentTokenLocation().getLineNr();
                TokenStreamContext context = parser.streamReadContext();
                if (token == JsonToken.PROPERTY_NAME) {
                    lines.putIfAbsent(context.pathAsPointer().toString(), line);
                } else if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                    TokenStreamContext parent = context.getParent();
                    if (parent != null && parent.inArray()) {
                        lines.putIfAbsent(parent.pathAsPointer().toString(), line);
                    }
                } else if (token.isScalarValue() && context.inArray()) {
                    lines.putIfAbsent(context.pathAsPointer().toString(), line);
                }
            }
            Object value = JSON.readValue(text, Object.class);
            return new DefinitionText(text, value, null, lines);
        } catch (JacksonException e) {
            int line = e.getLocation() == null ? 1 : Math.max(1, e.getLocation().getLineNr());
            String message = e.getOriginalMessage();
            int cut = message.indexOf('\n');
            return new DefinitionText(
                    text,
                    null,
                    new Problem(line, "", "not valid JSON: " + (cut > 0 ? message.substring(0, cut) : message)),
                    lines);
        }
    }

    public String text() {
        return text;
    }

    public @Nullable Object value() {
        return value;
    }

    public @Nullable Problem syntaxError() {
        return syntaxError;
    }

    /** The line of a pointer, or of its nearest ancestor present in the text (a missing member's parent). */
    public int lineOf(String pointer) {
        String path = pointer.startsWith("/") ? pointer : "";
        while (true) {
            Integer line = lines.get(path);
            if (line != null) {
                return line;
            }
            int cut = path.lastIndexOf('/');
            if (cut < 0) {
                return 1;
            }
            path = path.substring(0, cut);
        }
    }

    /** The validator's errors placed on lines, in line order. */
    public List<Problem> place(List<FieldError> errors) {
        List<Problem> problems = new ArrayList<>();
        for (FieldError error : errors) {
            String pointer = error.field().startsWith("/") ? error.field() : "";
            String where = pointer.isEmpty() ? "" : pointer + ": ";
            problems.add(new Problem(lineOf(pointer), pointer, where + error.message()));
        }
        problems.sort(java.util.Comparator.comparingInt(Problem::line));
        return problems;
    }
}
