package io.levqor.workflow.internal;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The step ids an expression reads through {@code steps.<id>} (string literals and other paths ignored). */
final class StepReferences {

    private static final Pattern REFERENCE =
            Pattern.compile("(?<![A-Za-z0-9_$.])steps\\s*\\.\\s*(?:([A-Za-z_][A-Za-z0-9_]*)|`([^`]*)`)");

    private StepReferences() {}

    static Set<String> in(String expression) {
        Set<String> ids = new LinkedHashSet<>();
        Matcher matcher = REFERENCE.matcher(withoutStringLiterals(expression));
        while (matcher.find()) {
            ids.add(matcher.group(1) != null ? matcher.group(1) : matcher.group(2));
        }
        return ids;
    }

    /** Blanks out '…' and "…" literals (keeping backquoted names) so text inside them is not taken for a path. */
    static String withoutStringLiterals(String expression) {
        StringBuilder out = new StringBuilder(expression.length());
        char quote = 0;
        for (int i = 0; i < expression.length(); i++) {
            char c = expression.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                    out.append("  ");
                    continue;
                }
                if (c == quote) {
                    quote = 0;
                    out.append(c);
                } else {
                    out.append(' ');
                }
                continue;
            }
            if (c == '"' || c == '\'') {
                quote = c;
            }
            out.append(c);
        }
        return out.toString();
    }
}
