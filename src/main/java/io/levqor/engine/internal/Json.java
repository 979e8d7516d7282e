package io.levqor.engine.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** JSON text ↔ plain values (maps, lists, strings, numbers, booleans, null) for the jsonb columns. */
@Component
public class Json {

    private static final TypeReference<LinkedHashMap<String, @Nullable Object>> MAP = new TypeReference<>() {};

    private final JsonMapper mapper;

    public Json(JsonMapper mapper) {
        this.mapper = mapper;
    }

    public String write(@Nullable Object value) {
        return mapper.writeValueAsString(value);
    }

    public @Nullable String writeOrNull(@Nullable Object value) {
        return value == null ? null : write(value);
    }

    public @Nullable Object read(@Nullable String text) {
        return text == null ? null : mapper.readValue(text, Object.class);
    }

    public Map<String, @Nullable Object> readMap(@Nullable String text) {
        return text == null ? new LinkedHashMap<>() : mapper.readValue(text, MAP);
    }
}
