package io.levqor.connectors.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small builders for the JSON Schemas of step fields (plain maps, as {@code StepType.schema()} returns them). */
public final class Schemas {

    private Schemas() {}

    public static Map<String, Object> object(Map<String, Object> properties, String... required) {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", properties);
        if (required.length > 0) {
            schema.put("required", List.of(required));
        }
        return schema;
    }

    public static Map<String, Object> props(Object... nameThenSchema) {
        Map<String, Object> properties = new LinkedHashMap<>();
        for (int i = 0; i < nameThenSchema.length; i += 2) {
            properties.put((String) nameThenSchema[i], nameThenSchema[i + 1]);
        }
        return properties;
    }

    public static Map<String, Object> string(String description) {
        return Map.of("type", "string", "description", description);
    }

    public static Map<String, Object> url(String description) {
        return Map.of("type", "string", "format", "uri", "description", description);
    }

    public static Map<String, Object> oneOf(String description, String... values) {
        return Map.of("type", "string", "enum", List.of(values), "description", description);
    }

    public static Map<String, Object> bool(String description) {
        return Map.of("type", "boolean", "description", description);
    }

    public static Map<String, Object> number(String description) {
        return Map.of("type", "number", "description", description);
    }

    public static Map<String, Object> integer(String description) {
        return Map.of("type", "integer", "description", description);
    }

    public static Map<String, Object> anyObject(String description) {
        return Map.of("type", "object", "description", description);
    }

    public static Map<String, Object> stringMap(String description) {
        return Map.of(
                "type",
                "object",
                "additionalProperties",
                Map.of("type", List.of("string", "number", "boolean")),
                "description",
                description);
    }

    public static Map<String, Object> anyValue(String description) {
        return Map.of("description", description);
    }

    public static Map<String, Object> list(Map<String, Object> items, String description) {
        return Map.of("type", "array", "items", items, "description", description);
    }

    public static Map<String, Object> stringOrList(String description) {
        return Map.of(
                "oneOf",
                List.of(Map.of("type", "string"), Map.of("type", "array", "items", Map.of("type", "string"))),
                "description",
                description);
    }

    public static Map<String, Object> credential(String... types) {
        return Map.of(
                "type",
                "string",
                "description",
                "name of a workspace credential of type " + String.join(" or ", types));
    }
}
