package io.levqor.connectors.internal;

import io.levqor.connectors.StepFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Typed reads of a step's rendered fields; a wrong type fails the step permanently, naming the field. */
public record StepConfig(Map<String, Object> values) {

    public @Nullable Object get(String field) {
        return values.get(field);
    }

    public boolean has(String field) {
        return values.get(field) != null;
    }

    public String string(String field) {
        String value = optionalString(field);
        if (value == null || value.isBlank()) {
            throw StepFailure.permanent(field + ": is required");
        }
        return value;
    }

    public @Nullable String optionalString(String field) {
        Object value = values.get(field);
        if (value == null) {
            return null;
        }
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        throw StepFailure.permanent(field + ": must be a string");
    }

    public String string(String field, String fallback) {
        String value = optionalString(field);
        return value == null || value.isBlank() ? fallback : value;
    }

    public boolean bool(String field, boolean fallback) {
        Object value = values.get(field);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Boolean bool) {
            return bool;
        }
        if (value instanceof String text && (text.equals("true") || text.equals("false"))) {
            return Boolean.parseBoolean(text);
        }
        throw StepFailure.permanent(field + ": must be true or false");
    }

    public @Nullable Number number(String field) {
        Object value = values.get(field);
        if (value == null) {
            return null;
        }
        if (value instanceof Number number) {
            return number;
        }
        if (value instanceof String text) {
            try {
                return Double.parseDouble(text);
            } catch (NumberFormatException e) {
                // falls through to the error below
            }
        }
        throw StepFailure.permanent(field + ": must be a number");
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> map(String field) {
        Object value = values.get(field);
        if (value == null) {
            return Map.of();
        }
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw StepFailure.permanent(field + ": must be an object");
    }

    public List<Object> list(String field) {
        Object value = values.get(field);
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> list) {
            return new ArrayList<>(list);
        }
        throw StepFailure.permanent(field + ": must be a list");
    }

    /** A string or a list of strings (e-mail recipients); a comma-separated string is split. */
    public List<String> strings(String field) {
        Object value = values.get(field);
        List<String> result = new ArrayList<>();
        if (value == null) {
            return result;
        }
        if (value instanceof String text) {
            for (String part : text.split(",")) {
                if (!part.isBlank()) {
                    result.add(part.trim());
                }
            }
            return result;
        }
        if (value instanceof List<?> list) {
            for (Object item : list) {
                if (!(item instanceof String text)) {
                    throw StepFailure.permanent(field + ": must be a string or a list of strings");
                }
                result.add(text.trim());
            }
            return result;
        }
        throw StepFailure.permanent(field + ": must be a string or a list of strings");
    }

    /** The name of the credential the step uses, if any (the engine passes the step's {@code credential}). */
    public @Nullable String credential() {
        return optionalString("credential");
    }
}
