package io.levqor.workflow.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a string into literal text and {@code {{ … }}} expressions. An expression ends at the first {@code }}}
 * outside its string literals and its own braces, so {@code {{ {"a": {"b": 1}} }}} is one expression.
 */
public final class TemplateText {

    /** A piece of a template string. */
    public sealed interface Segment {}

    /** Literal text, copied as it is. */
    public record Text(String text) implements Segment {}

    /** A JSONata expression (without its braces) starting at {@code offset} of the template. */
    public record Expression(String source, int offset) implements Segment {}

    /** The pieces, or the reason the template is malformed. */
    public record Parsed(List<Segment> segments, String error) {

        public boolean ok() {
            return error.isEmpty();
        }

        /** True when the whole string (ignoring surrounding blanks) is one expression: its result keeps its type. */
        public boolean single() {
            List<Segment> meaningful = segments.stream()
                    .filter(s -> !(s instanceof Text text && text.text().isBlank()))
                    .toList();
            return meaningful.size() == 1 && meaningful.getFirst() instanceof Expression;
        }

        public List<Expression> expressions() {
            return segments.stream()
                    .filter(Expression.class::isInstance)
                    .map(Expression.class::cast)
                    .toList();
        }
    }

    private TemplateText() {}

    public static boolean hasExpression(String text) {
        return text.contains("{{");
    }

    public static Parsed parse(String text) {
        List<Segment> segments = new ArrayList<>();
        int position = 0;
        while (position < text.length()) {
            int open = text.indexOf("{{", position);
            if (open < 0) {
                segments.add(new Text(text.substring(position)));
                break;
            }
            if (open > position) {
                segments.add(new Text(text.substring(position, open)));
            }
            int close = findClose(text, open + 2);
            if (close < 0) {
                return new Parsed(List.copyOf(segments), "'{{' at character " + open + " is never closed by '}}'");
            }
            String source = text.substring(open + 2, close).strip();
            if (source.isEmpty()) {
                return new Parsed(List.copyOf(segments), "'{{ }}' at character " + open + " holds no expression");
            }
            segments.add(new Expression(source, open));
            position = close + 2;
        }
        return new Parsed(List.copyOf(segments), "");
    }

    /** How deep parentheses, brackets and braces nest in an expression (outside its string literals). */
    public static int nesting(String source) {
        int depth = 0;
        int deepest = 0;
        char quote = 0;
        for (int i = 0; i < source.length(); i++) {
            char c = source.charAt(i);
            if (quote != 0) {
                if (c == '\\' && quote != '`') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
                continue;
            }
            switch (c) {
                case '"', '\'', '`' -> quote = c;
                case '(', '[', '{' -> deepest = Math.max(deepest, ++depth);
                case ')', ']', '}' -> depth = Math.max(0, depth - 1);
                default -> {}
            }
        }
        return deepest;
    }

    private static int findClose(String text, int from) {
        int depth = 0;
        char quote = 0;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == '\\' && quote != '`') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
                continue;
            }
            switch (c) {
                case '"', '\'', '`' -> quote = c;
                case '{' -> depth++;
                case '}' -> {
                    if (depth == 0) {
                        return i + 1 < text.length() && text.charAt(i + 1) == '}' ? i : -1;
                    }
                    depth--;
                }
                default -> {}
            }
        }
        return -1;
    }
}
