package io.levqor.engine.jdbc;

import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.support.SqlArrayValue;

/**
 * Column arrays for set-based statements ({@code unnest(:a, :b, …)}): one round trip writes a whole batch. UUIDs,
 * times (ISO-8601) and JSON travel as text and are cast in SQL, so only element types every driver encodes are used.
 */
final class SqlArrays {

    private SqlArrays() {}

    static <T> SqlArrayValue text(List<T> rows, Function<T, @Nullable Object> column) {
        Object[] values = new Object[rows.size()];
        for (int i = 0; i < values.length; i++) {
            Object value = column.apply(rows.get(i));
            values[i] = value == null ? null : value.toString();
        }
        return new SqlArrayValue("text", values);
    }

    static <T> SqlArrayValue ints(List<T> rows, Function<T, Integer> column) {
        return new SqlArrayValue("int4", rows.stream().map(column).toArray());
    }

    static <T> SqlArrayValue longs(List<T> rows, Function<T, Long> column) {
        return new SqlArrayValue("int8", rows.stream().map(column).toArray());
    }

    static <T> SqlArrayValue doubles(List<T> rows, Function<T, Double> column) {
        return new SqlArrayValue("float8", rows.stream().map(column).toArray());
    }
}
