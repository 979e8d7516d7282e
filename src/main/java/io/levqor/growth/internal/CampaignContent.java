package io.levqor.growth.internal;

import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Per-recipient variables in a campaign's content: {@code {{name}}} and {@code {{firstName}}}, each with an
 * optional fallback for people without a name ({@code {{firstName | there}}}). Plain substitution, no expressions:
 * the content is the operator's, the values are the recipients'.
 */
public final class CampaignContent {

    public static final Set<String> VARIABLES = Set.of("name", "firstName");

    private static final Pattern VARIABLE = Pattern.compile("\\{\\{\\s*([A-Za-z]\\w*)\\s*(?:\\|\\s*([^}]*?)\\s*)?}}");

    private CampaignContent() {}

    /** The first variable the text names that does not exist, if any. */
    public static Optional<String> unknownVariable(String text) {
        Matcher matcher = VARIABLE.matcher(text);
        while (matcher.find()) {
            if (!VARIABLES.contains(matcher.group(1))) {
                return Optional.of(matcher.group(1));
            }
        }
        return Optional.empty();
    }

    /** The text for one recipient; {@code escape} is applied to the values (HTML-escaping for an HTML part). */
    public static String render(String text, @Nullable String name, UnaryOperator<String> escape) {
        Matcher matcher = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String fallback = matcher.group(2) == null ? "" : matcher.group(2);
            String value = switch (matcher.group(1)) {
                case "name" -> name == null || name.isBlank() ? fallback : name.strip();
                case "firstName" ->
                    name == null || name.isBlank() ? fallback : name.strip().split("\\s+")[0];
                default -> matcher.group();
            };
            matcher.appendReplacement(out, Matcher.quoteReplacement(escape.apply(value)));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
