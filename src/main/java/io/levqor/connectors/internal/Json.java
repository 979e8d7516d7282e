package io.levqor.connectors.internal;

import tools.jackson.databind.json.JsonMapper;

/** JSON for request and response bodies: plain maps, lists, strings, numbers, booleans and nulls. */
public final class Json {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Json() {}

    public static byte[] write(Object value) {
        return MAPPER.writeValueAsBytes(value);
    }

    public static String writeString(Object value) {
        return MAPPER.writeValueAsString(value);
    }

    public static Object read(byte[] json) {
        return MAPPER.readValue(json, Object.class);
    }

    public static Object read(String json) {
        return MAPPER.readValue(json, Object.class);
    }
}
