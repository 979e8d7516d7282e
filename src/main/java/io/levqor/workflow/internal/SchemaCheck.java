package io.levqor.workflow.internal;

import io.levqor.shared.FieldError;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The part of JSON Schema that step types use to describe their fields: {@code type}, {@code required},
 * {@code properties}, {@code additionalProperties}, {@code enum}, {@code format: uri}, {@code minimum} /
 * {@code maximum}, {@code minLength} / {@code maxLength}, {@code items}, {@code minItems} / {@code maxItems} and
 * {@code anyOf} / {@code oneOf}. A value that is one {@code {{ … }}} is only known at run time and passes; a string
 * with expressions spliced in is a string, but its format and enum are not checked.
 */
public final class SchemaCheck {

    private SchemaCheck() {}

    /** Adds one error per broken rule to {@code errors}, each at the JSON pointer of the offending value. */
    public static void check(Map<?, ?> schema, @Nullable Object value, String pointer, List<FieldError> errors) {
        if (value instanceof String text && TemplateText.hasExpression(text)) {
            if (TemplateText.parse(text).single()) {
                return;
            }
            if (!typeAllows(schema.get("type"), value)) {
                errors.add(new FieldError(pointer, "must be " + describeType(schema.get("type"))));
            }
            return;
        }
        Object type = schema.get("type");
        if (type != null && !typeAllows(type, value)) {
            errors.add(new FieldError(pointer, "must be " + describeType(type)));
            return;
        }
        checkEnum(schema, value, pointer, errors);
        checkAlternatives(schema, value, pointer, errors);
        switch (value) {
            case String text -> checkString(schema, text, pointer, errors);
            case Number number -> checkNumber(schema, number, pointer, errors);
            case Map<?, ?> object -> checkObject(schema, object, pointer, errors);
            case List<?> array -> checkArray(schema, array, pointer, errors);
            case null, default -> {}
        }
    }

    private static void checkEnum(Map<?, ?> schema, @Nullable Object value, String pointer, List<FieldError> errors) {
        if (schema.get("enum") instanceof List<?> allowed
                && allowed.stream().noneMatch(candidate -> sameJson(candidate, value))) {
            errors.add(new FieldError(pointer, "must be one of " + allowed));
        }
    }

    private static void checkAlternatives(
            Map<?, ?> schema, @Nullable Object value, String pointer, List<FieldError> errors) {
        for (String keyword : List.of("anyOf", "oneOf")) {
            if (schema.get(keyword) instanceof List<?> branches && !branches.isEmpty()) {
                boolean matched = branches.stream()
                        .filter(Map.class::isInstance)
                        .anyMatch(branch -> {
                            List<FieldError> trial = new ArrayList<>();
                            check((Map<?, ?>) branch, value, pointer, trial);
                            return trial.isEmpty();
                        });
                if (!matched) {
                    errors.add(new FieldError(pointer, "matches none of the allowed shapes"));
                }
            }
        }
    }

    private static void checkString(Map<?, ?> schema, String text, String pointer, List<FieldError> errors) {
        if (schema.get("minLength") instanceof Number min && text.length() < min.longValue()) {
            errors.add(new FieldError(pointer, "must have at least " + min + " characters"));
        }
        if (schema.get("maxLength") instanceof Number max && text.length() > max.longValue()) {
            errors.add(new FieldError(pointer, "must have at most " + max + " characters"));
        }
        if ("uri".equals(schema.get("format")) && !isHttpUrl(text)) {
            errors.add(new FieldError(pointer, "must be an absolute http(s) URL"));
        }
    }

    private static void checkNumber(Map<?, ?> schema, Number number, String pointer, List<FieldError> errors) {
        double value = number.doubleValue();
        if (schema.get("minimum") instanceof Number min && value < min.doubleValue()) {
            errors.add(new FieldError(pointer, "must be at least " + min));
        }
        if (schema.get("maximum") instanceof Number max && value > max.doubleValue()) {
            errors.add(new FieldError(pointer, "must be at most " + max));
        }
    }

    private static void checkObject(Map<?, ?> schema, Map<?, ?> object, String pointer, List<FieldError> errors) {
        if (schema.get("required") instanceof List<?> required) {
            for (Object name : required) {
                if (!object.containsKey(name)) {
                    errors.add(new FieldError(child(pointer, String.valueOf(name)), "is required"));
                }
            }
        }
        Map<?, ?> properties = schema.get("properties") instanceof Map<?, ?> given ? given : Map.of();
        Object additional = schema.get("additionalProperties");
        for (var entry : object.entrySet()) {
            String name = String.valueOf(entry.getKey());
            String at = child(pointer, name);
            if (properties.get(name) instanceof Map<?, ?> propertySchema) {
                check(propertySchema, entry.getValue(), at, errors);
            } else if (Boolean.FALSE.equals(additional)) {
                errors.add(new FieldError(at, "is not a known field"));
            } else if (additional instanceof Map<?, ?> additionalSchema) {
                check(additionalSchema, entry.getValue(), at, errors);
            }
        }
    }

    private static void checkArray(Map<?, ?> schema, List<?> array, String pointer, List<FieldError> errors) {
        if (schema.get("minItems") instanceof Number min && array.size() < min.longValue()) {
            errors.add(new FieldError(pointer, "must have at least " + min + " items"));
        }
        if (schema.get("maxItems") instanceof Number max && array.size() > max.longValue()) {
            errors.add(new FieldError(pointer, "must have at most " + max + " items"));
        }
        if (schema.get("items") instanceof Map<?, ?> itemSchema) {
            for (int i = 0; i < array.size(); i++) {
                check(itemSchema, array.get(i), pointer + "/" + i, errors);
            }
        }
    }

    /** A JSON pointer to a member of the object at {@code pointer} (RFC 6901 escaping). */
    public static String child(String pointer, String name) {
        return pointer + "/" + name.replace("~", "~0").replace("/", "~1");
    }

    public static boolean isHttpUrl(String text) {
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return uri.isAbsolute()
                    && (scheme.equals("http") || scheme.equals("https"))
                    && uri.getHost() != null
                    && !uri.getHost().isEmpty();
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static boolean typeAllows(@Nullable Object type, @Nullable Object value) {
        if (type instanceof List<?> types) {
            return types.stream().anyMatch(one -> typeAllows(one, value));
        }
        if (!(type instanceof String name)) {
            return true;
        }
        return switch (name) {
            case "string" -> value instanceof String;
            case "integer" -> isInteger(value);
            case "number" -> value instanceof Number;
            case "boolean" -> value instanceof Boolean;
            case "object" -> value instanceof Map;
            case "array" -> value instanceof List;
            case "null" -> value == null;
            default -> true;
        };
    }

    private static boolean isInteger(@Nullable Object value) {
        return switch (value) {
            case Integer i -> true;
            case Long l -> true;
            case java.math.BigInteger b -> true;
            case Number n -> n.doubleValue() == Math.rint(n.doubleValue()) && !Double.isInfinite(n.doubleValue());
            case null, default -> false;
        };
    }

    private static String describeType(@Nullable Object type) {
        if (type instanceof List<?> types) {
            return String.join(
                    " or ", types.stream().map(SchemaCheck::describeType).toList());
        }
        return switch (String.valueOf(type)) {
            case "string" -> "a string";
            case "integer" -> "an integer";
            case "number" -> "a number";
            case "boolean" -> "true or false";
            case "object" -> "an object";
            case "array" -> "an array";
            case "null" -> "null";
            default -> String.valueOf(type);
        };
    }

    private static boolean sameJson(@Nullable Object a, @Nullable Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return x.doubleValue() == y.doubleValue();
        }
        return Objects.equals(a, b);
    }
}
