package io.levqor.workflow.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Deep, read-only copies of JSON values: parsed versions are cached and shared between runs, so none may change. */
final class Frozen {

    private Frozen() {}

    static @Nullable Object copy(@Nullable Object value) {
        return switch (value) {
            case Map<?, ?> map -> {
                Map<String, Object> copy = new LinkedHashMap<>();
                map.forEach((key, member) -> copy.put(String.valueOf(key), copy(member)));
                yield Collections.unmodifiableMap(copy);
            }
            case List<?> list -> {
                List<Object> copy = new ArrayList<>(list.size());
                list.forEach(item -> copy.add(copy(item)));
                yield Collections.unmodifiableList(copy);
            }
            case null, default -> value;
        };
    }
}
