package io.levqor.connectors;

import io.levqor.shared.FieldError;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The kinds of credential the step types understand, each with the JSON Schema its secret {@code data} must match.
 * Fields marked {@code "writeOnly": true} are secrets: never returned, always redacted.
 */
public final class CredentialTypes {

    private static final Map<String, Map<String, Object>> SCHEMAS = new LinkedHashMap<>();

    static {
        SCHEMAS.put(
                "basic", object(Map.of("username", string(false), "password", string(true)), "username", "password"));
        SCHEMAS.put("bearer", object(Map.of("token", string(true)), "token"));
        SCHEMAS.put(
                "apiKey",
                object(
                        Map.of(
                                "key", string(true),
                                "name", withDefault(string(false), "X-API-Key"),
                                "in", withDefault(enumOf("header", "query"), "header")),
                        "key"));
        SCHEMAS.put(
                "oauth2ClientCredentials",
                object(
                        Map.of(
                                "tokenUrl", uri(false),
                                "clientId", string(false),
                                "clientSecret", string(true),
                                "scope", string(false),
                                "audience", string(false),
                                "authStyle", withDefault(enumOf("header", "body"), "header")),
                        "tokenUrl",
                        "clientId",
                        "clientSecret"));
        Map<String, Object> slack = object(Map.of("botToken", string(true), "webhookUrl", uri(true)));
        slack.put("anyOf", List.of(Map.of("required", List.of("botToken")), Map.of("required", List.of("webhookUrl"))));
        SCHEMAS.put("slack", slack);
        SCHEMAS.put("discord", object(Map.of("webhookUrl", uri(true)), "webhookUrl"));
        SCHEMAS.put("teams", object(Map.of("webhookUrl", uri(true)), "webhookUrl"));
        SCHEMAS.put("telegram", object(Map.of("botToken", string(true)), "botToken"));
        SCHEMAS.put(
                "smtp",
                object(
                        Map.of(
                                "host", string(false),
                                "port", withDefault(integer(1, 65535), 587),
                                "username", string(false),
                                "password", string(true),
                                "from", string(false),
                                "security", withDefault(enumOf("starttls", "ssl", "none"), "starttls")),
                        "host",
                        "from"));
        SCHEMAS.put(
                "openai",
                object(Map.of("apiKey", string(true), "baseUrl", uri(false), "organization", string(false)), "apiKey"));
    }

    private static final Set<String> SECRET_FIELDS = fields(true);
    // "type" is added to resolved credentials by the vault so steps know how to use them.
    private static final Set<String> PUBLIC_FIELDS = withType(fields(false));

    private CredentialTypes() {}

    /** Every type's schema, by type name. */
    public static Map<String, Map<String, Object>> schemas() {
        return java.util.Collections.unmodifiableMap(SCHEMAS);
    }

    public static boolean exists(String type) {
        return SCHEMAS.containsKey(type);
    }

    /**
     * Whether a value under this key of a credential is a secret. Unknown keys count as secrets: a mistake then masks
     * too much rather than too little.
     */
    public static boolean isSecret(String field) {
        return SECRET_FIELDS.contains(field) || !PUBLIC_FIELDS.contains(field);
    }

    /** Every problem with {@code data} for this type, named {@code data.<field>}; empty when it is valid. */
    public static List<FieldError> validate(String type, Map<String, Object> data) {
        Map<String, Object> schema = SCHEMAS.get(type);
        if (schema == null) {
            return List.of(new FieldError("type", "must be one of " + String.join(", ", SCHEMAS.keySet())));
        }
        List<FieldError> errors = new ArrayList<>();
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> properties = (Map<String, Map<String, Object>>) schema.get("properties");
        for (Map.Entry<String, Object> entry : data.entrySet()) {
            Map<String, Object> property = properties.get(entry.getKey());
            if (property == null) {
                errors.add(new FieldError("data." + entry.getKey(), "is not a field of a " + type + " credential"));
            } else {
                String problem = problem(property, entry.getValue());
                if (problem != null) {
                    errors.add(new FieldError("data." + entry.getKey(), problem));
                }
            }
        }
        for (Object required : (List<?>) schema.getOrDefault("required", List.of())) {
            if (blank(data.get(required.toString()))) {
                errors.add(new FieldError("data." + required, "is required"));
            }
        }
        if (schema.get("anyOf") instanceof List<?> alternatives
                && alternatives.stream()
                        .noneMatch(alternative -> ((List<?>) ((Map<?, ?>) alternative).get("required"))
                                .stream().allMatch(field -> !blank(data.get(field.toString()))))) {
            List<String> names = alternatives.stream()
                    .map(alternative -> String.join(" and ", (List<String>) ((Map<?, ?>) alternative).get("required")))
                    .toList();
            errors.add(new FieldError("data", "needs " + String.join(" or ", names)));
        }
        return errors;
    }

    /** The data with the schema's defaults filled in for absent fields. */
    public static Map<String, Object> withDefaults(String type, Map<String, Object> data) {
        Map<String, Object> result = new LinkedHashMap<>(data);
        Map<String, Object> schema = SCHEMAS.get(type);
        if (schema != null) {
            @SuppressWarnings("unchecked")
            Map<String, Map<String, Object>> properties = (Map<String, Map<String, Object>>) schema.get("properties");
            properties.forEach((name, property) -> {
                if (property.containsKey("default")) {
                    result.putIfAbsent(name, property.get("default"));
                }
            });
        }
        return result;
    }

    private static @org.jspecify.annotations.Nullable String problem(
            Map<String, Object> property, @org.jspecify.annotations.Nullable Object value) {
        if (value == null) {
            return null;
        }
        Object type = property.get("type");
        if ("string".equals(type)) {
            if (!(value instanceof String text)) {
                return "must be a string";
            }
            if (property.get("enum") instanceof List<?> allowed && !allowed.contains(text)) {
                return "must be one of "
                        + allowed.stream()
                                .map(Object::toString)
                                .reduce((a, b) -> a + ", " + b)
                                .orElse("");
            }
            if ("uri".equals(property.get("format")) && !isHttpUrl(text)) {
                return "must be an absolute http(s) URL";
            }
            if (text.isBlank()) {
                return "must not be blank";
            }
        } else if ("integer".equals(type)) {
            if (!(value instanceof Integer || value instanceof Long)) {
                return "must be an integer";
            }
            long number = ((Number) value).longValue();
            if (number < ((Number) property.get("minimum")).longValue()
                    || number > ((Number) property.get("maximum")).longValue()) {
                return "must be between " + property.get("minimum") + " and " + property.get("maximum");
            }
        }
        return null;
    }

    static boolean isHttpUrl(String text) {
        try {
            URI uri = new URI(text);
            return uri.isAbsolute()
                    && ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    && uri.getHost() != null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private static boolean blank(@org.jspecify.annotations.Nullable Object value) {
        return value == null || (value instanceof String text && text.isBlank());
    }

    private static Set<String> withType(Set<String> names) {
        names.add("type");
        return names;
    }

    private static Set<String> fields(boolean secret) {
        Set<String> names = new TreeSet<>();
        SCHEMAS.values().forEach(schema -> {
            @SuppressWarnings("unchecked")
            Map<String, Map<String, Object>> properties = (Map<String, Map<String, Object>>) schema.get("properties");
            properties.forEach((name, property) -> {
                if (Boolean.TRUE.equals(property.get("writeOnly")) == secret) {
                    names.add(name);
                }
            });
        });
        return names;
    }

    private static Map<String, Object> object(Map<String, Map<String, Object>> properties, String... required) {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", new java.util.TreeMap<>(properties));
        if (required.length > 0) {
            schema.put("required", List.of(required));
        }
        schema.put("additionalProperties", false);
        return schema;
    }

    private static Map<String, Object> string(boolean secret) {
        Map<String, Object> property = new LinkedHashMap<>();
        property.put("type", "string");
        if (secret) {
            property.put("writeOnly", true);
        }
        return property;
    }

    private static Map<String, Object> uri(boolean secret) {
        Map<String, Object> property = string(secret);
        property.put("format", "uri");
        return property;
    }

    private static Map<String, Object> enumOf(String... values) {
        Map<String, Object> property = string(false);
        property.put("enum", List.of(values));
        return property;
    }

    private static Map<String, Object> integer(int minimum, int maximum) {
        Map<String, Object> property = new LinkedHashMap<>();
        property.put("type", "integer");
        property.put("minimum", minimum);
        property.put("maximum", maximum);
        return property;
    }

    private static Map<String, Object> withDefault(Map<String, Object> property, Object value) {
        property.put("default", value);
        return property;
    }
}
