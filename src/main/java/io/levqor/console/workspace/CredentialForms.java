package io.levqor.console.workspace;

import io.levqor.connectors.CredentialTypes;
import io.levqor.shared.FieldError;
import io.levqor.shared.ValidationFailed;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The credential form built from each type's schema: one input per field, secrets as password inputs that are never
 * filled back in, enums as selects, and the posted {@code data.<field>} parameters read back into the data object.
 */
final class CredentialForms {

    static final String PREFIX = "data.";

    private CredentialForms() {}

    /** One input of a credential type's form. */
    record Field(
            String name,
            String input,
            boolean secret,
            boolean required,
            List<String> options,
            @Nullable String defaultValue) {

        /** The request parameter and the name validation errors use. */
        public String param() {
            return PREFIX + name;
        }
    }

    /** A type with its fields, and a note when its schema needs one of several fields. */
    record TypeForm(
            String type, List<Field> fields, @Nullable String note) {}

    @SuppressWarnings("unchecked")
    static List<TypeForm> all() {
        List<TypeForm> forms = new ArrayList<>();
        CredentialTypes.schemas().forEach((type, schema) -> {
            List<?> required = (List<?>) schema.getOrDefault("required", List.of());
            var properties = (Map<String, Map<String, Object>>) schema.get("properties");
            List<Field> fields = new ArrayList<>();
            properties.forEach((name, property) -> {
                boolean secret = Boolean.TRUE.equals(property.get("writeOnly"));
                List<String> options = property.get("enum") instanceof List<?> values
                        ? values.stream().map(Object::toString).toList()
                        : List.of();
                String input = secret
                        ? "password"
                        : !options.isEmpty()
                                ? "select"
                                : "integer".equals(property.get("type"))
                                        ? "number"
                                        : "uri".equals(property.get("format")) ? "url" : "text";
                Object fallback = property.get("default");
                fields.add(new Field(
                        name,
                        input,
                        secret,
                        required.contains(name),
                        options,
                        fallback == null ? null : fallback.toString()));
            });
            // Required fields first, in the schema's order of requirement; the rest alphabetically.
            fields.sort((a, b) -> a.required() == b.required()
                    ? (a.required() ? required.indexOf(a.name()) - required.indexOf(b.name()) : 0)
                    : a.required() ? -1 : 1);
            String note = schema.get("anyOf") instanceof List<?> alternatives
                    ? "Fill in "
                            + String.join(
                                    " or ",
                                    alternatives.stream()
                                            .map(a -> String.join(
                                                    " and ", (List<String>) ((Map<?, ?>) a).get("required")))
                                            .toList())
                            + "."
                    : null;
            forms.add(new TypeForm(type, List.copyOf(fields), note));
        });
        return forms;
    }

    static TypeForm of(String type) {
        return all().stream().filter(f -> f.type().equals(type)).findFirst().orElseThrow();
    }

    /** The posted fields of this type as credential data: blanks left out, numbers as numbers. */
    static Map<String, Object> read(String type, Map<String, String> params) {
        return read(type, params, PREFIX);
    }

    /**
     * The new-credential form holds every type's fields (the chosen type's shown), named {@code data.<type>.<field>}:
     * reads the chosen type's, and refuses anything filled in for another type or unknown to this one, so a type
     * changed after typing is never saved as the wrong kind.
     */
    static Map<String, Object> readChosen(String type, Map<String, String> params) {
        String own = PREFIX + type + ".";
        List<String> names = of(type).fields().stream().map(Field::name).toList();
        List<FieldError> errors = new ArrayList<>();
        params.forEach((param, value) -> {
            if (!param.startsWith(PREFIX) || value == null || value.isBlank()) {
                return;
            }
            if (!param.startsWith(own)) {
                String other = param.substring(PREFIX.length());
                errors.add(new FieldError(
                        "type",
                        "is " + type + " but " + other.replace('.', ' ')
                                + " was filled in: clear it or choose its type"));
            } else if (!names.contains(param.substring(own.length()))) {
                errors.add(new FieldError(param, "is not a field of " + type));
            }
        });
        if (!errors.isEmpty()) {
            throw new ValidationFailed(errors);
        }
        return read(type, params, own);
    }

    private static Map<String, Object> read(String type, Map<String, String> params, String prefix) {
        Map<String, Object> data = new LinkedHashMap<>();
        List<FieldError> errors = new ArrayList<>();
        for (Field field : of(type).fields()) {
            String value = params.get(prefix + field.name());
            if (value == null || value.isBlank()) {
                continue;
            }
            if (field.input().equals("number")) {
                try {
                    data.put(field.name(), Long.parseLong(value.trim()));
                } catch (NumberFormatException e) {
                    errors.add(new FieldError(field.param(), "must be a whole number"));
                }
            } else {
                data.put(field.name(), field.secret() ? value : value.trim());
            }
        }
        if (!errors.isEmpty()) {
            throw new ValidationFailed(errors);
        }
        return data;
    }

    /** What the user typed, without secrets, to fill the form again after a refusal. */
    static Map<String, String> echo(String type, Map<String, String> params) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Field field : of(type).fields()) {
            String value = params.get(PREFIX + type + "." + field.name());
            if (!field.secret() && value != null) {
                values.put(field.name(), value);
            }
        }
        return values;
    }

    /** Errors by field name (without the {@code data.} prefix); anything not about one field under {@code ""}. */
    static Map<String, String> byField(ValidationFailed invalid) {
        Map<String, String> errors = new LinkedHashMap<>();
        for (FieldError error : invalid.errors()) {
            String field = error.field().startsWith(PREFIX)
                    ? error.field().substring(error.field().lastIndexOf('.') + 1)
                    : error.field().equals("name") || error.field().equals("type") ? "_" + error.field() : "";
            errors.merge(field, error.message(), (a, b) -> a + "; " + b);
        }
        return errors;
    }
}
