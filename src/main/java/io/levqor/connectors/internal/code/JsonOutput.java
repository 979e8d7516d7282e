package io.levqor.connectors.internal.code;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.mozilla.javascript.Callable;
import org.mozilla.javascript.NativeArray;
import org.mozilla.javascript.Scriptable;
import org.mozilla.javascript.ScriptableObject;
import org.mozilla.javascript.Symbol;
import org.mozilla.javascript.Undefined;

/**
 * Copies a script's result into plain JSON values (maps, lists, strings, longs, doubles, booleans, null), so that
 * no JavaScript object leaves the sandbox. Counts the JSON size as it goes and stops at the limit, so that an object
 * graph that shares members ({@code a = [a, a]} thirty times) cannot blow up the copy; refuses cycles, and a function
 * or symbol as the output or an array member. Follows {@code JSON.stringify} otherwise: such members of objects are
 * left out, {@code undefined}, {@code NaN} and infinities become null, an
 * object with a {@code toJSON} method is replaced by what it returns. Runs on the script's thread, under its budget:
 * getters and {@code toJSON} are script code.
 */
final class JsonOutput {

    /** The deepest output nesting; deeper ones are refused rather than risking the stack. */
    static final int MAX_DEPTH = 256;

    /** Largest integer a double holds exactly: integral numbers up to it become longs. */
    private static final double EXACT = 9_007_199_254_740_992d;

    private final long limit;
    private long size;
    private final IdentityHashMap<Object, Boolean> open = new IdentityHashMap<>();

    JsonOutput(long limit) {
        this.limit = limit;
    }

    /** Thrown when the result is not JSON or too large. */
    static final class NotJson extends RuntimeException {
        final boolean tooLarge;

        NotJson(String message, boolean tooLarge) {
            super(message, null, false, false);
            this.tooLarge = tooLarge;
        }
    }

    @Nullable
    Object convert(@Nullable Object value) {
        return convert(value, "output", 0);
    }

    private @Nullable Object convert(@Nullable Object value, String path, int depth) {
        if (value == null || Undefined.isUndefined(value)) {
            grow(4);
            return null;
        }
        if (value instanceof Boolean bool) {
            grow(5);
            return bool;
        }
        if (value instanceof CharSequence text) {
            // Checked before toString(): a long concatenation is only built if it fits.
            grow(text.length() + 2L);
            return text.toString();
        }
        if (value instanceof Number number) {
            grow(8);
            double d = number.doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                return null;
            }
            if (d == Math.rint(d) && Math.abs(d) <= EXACT) {
                return (long) d;
            }
            return d;
        }
        if (value instanceof Symbol) {
            throw new NotJson("the output is not JSON: " + path + " is a symbol", false);
        }
        if (value instanceof Callable) {
            throw new NotJson("the output is not JSON: " + path + " is a function", false);
        }
        if (!(value instanceof ScriptableObject object)) {
            throw new NotJson(
                    "the output is not JSON: " + path + " is a "
                            + value.getClass().getSimpleName(),
                    false);
        }
        if (depth >= MAX_DEPTH) {
            throw new NotJson("the output nests deeper than " + MAX_DEPTH + " at " + path, false);
        }
        if (ScriptableObject.getProperty(object, "toJSON") instanceof Callable toJson) {
            Object replaced = toJson.call(
                    org.mozilla.javascript.Context.getCurrentContext(),
                    object.getParentScope() == null ? object : object.getParentScope(),
                    object,
                    new Object[] {path});
            if (replaced != object) {
                return convert(replaced, path, depth);
            }
        }
        if (open.put(object, Boolean.TRUE) != null) {
            throw new NotJson("the output is not JSON: it has a cycle at " + path, false);
        }
        try {
            return value instanceof NativeArray array ? array(array, path, depth) : object(object, path, depth);
        } finally {
            open.remove(object);
        }
    }

    private List<@Nullable Object> array(NativeArray array, String path, int depth) {
        long length = array.getLength();
        grow(2);
        List<@Nullable Object> list = new ArrayList<>((int) Math.min(length, 1024));
        for (long i = 0; i < length; i++) {
            grow(1);
            Object member = i <= Integer.MAX_VALUE ? ScriptableObject.getProperty(array, (int) i) : null;
            list.add(member == Scriptable.NOT_FOUND ? null : convert(member, path + "[" + i + "]", depth + 1));
        }
        return list;
    }

    private Map<String, @Nullable Object> object(ScriptableObject object, String path, int depth) {
        grow(2);
        Map<String, @Nullable Object> map = new LinkedHashMap<>();
        for (Object id : object.getIds()) {
            Object member;
            String key;
            if (id instanceof Integer index) {
                key = index.toString();
                member = ScriptableObject.getProperty(object, index);
            } else if (id instanceof String name) {
                key = name;
                member = ScriptableObject.getProperty(object, name);
            } else {
                continue; // symbol keys, as JSON.stringify skips them
            }
            if (member == Scriptable.NOT_FOUND || member instanceof Callable || member instanceof Symbol) {
                continue; // as JSON.stringify: members that are functions or symbols are left out
            }
            grow(key.length() + 4L);
            map.put(key, convert(member, path + "." + key, depth + 1));
        }
        return map;
    }

    private void grow(long bytes) {
        size += bytes;
        if (size > limit) {
            throw new NotJson(
                    "the output is larger than " + limit / 1024
                            + " KB of JSON (levqor.connectors.code.max-output-size)",
                    true);
        }
    }
}
