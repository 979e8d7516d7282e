package io.levqor.workflow.internal;

import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;
import io.levqor.workflow.ExpressionFailed;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Compiles JSONata expressions once (cached) and evaluates them within a time, depth and size budget, so a hostile
 * expression fails fast instead of hanging the worker thread that evaluates it.
 */
public final class ExpressionEngine {

    private final WorkflowSettings settings;
    private final Map<String, Compiled> cache = new ConcurrentHashMap<>();

    public ExpressionEngine(WorkflowSettings settings) {
        this.settings = settings;
    }

    /** Why the expression does not parse; empty when it does. */
    public String parseError(String source) {
        Compiled compiled = compile(source);
        return compiled.error == null ? "" : compiled.error;
    }

    /** Evaluates one expression over the scope; the result is plain JSON (maps, lists, strings, numbers…). */
    public @Nullable Object evaluate(String source, Map<String, Object> scope) {
        Compiled compiled = compile(source);
        if (compiled.expression == null) {
            throw new ExpressionFailed(describe(source) + " does not parse: " + compiled.error);
        }
        Object result;
        try {
            Jsonata.Frame frame = compiled.expression.createFrame();
            // Checked on every evaluation step: a runaway loop or recursion throws instead of spinning.
            frame.setRuntimeBounds(settings.expressionTimeout().toMillis(), settings.expressionMaxDepth());
            result = compiled.expression.evaluate(scope, frame);
        } catch (JException e) {
            throw new ExpressionFailed(describe(source) + " " + explain(e), e);
        } catch (StackOverflowError e) {
            throw new ExpressionFailed(describe(source) + " nests too deeply");
        } catch (RuntimeException e) {
            throw new ExpressionFailed(describe(source) + " failed: " + e.getMessage(), e);
        }
        return JsonResult.of(result, settings.expressionMaxOutput(), describe(source));
    }

    private Compiled compile(String source) {
        Compiled cached = cache.get(source);
        if (cached != null) {
            return cached;
        }
        Compiled compiled = parse(source);
        if (cache.size() >= settings.expressionCacheSize()) {
            // Crude but bounded: definitions are few and stable, so a full cache is rare and refills quickly.
            cache.clear();
        }
        cache.put(source, compiled);
        return compiled;
    }

    private static Compiled parse(String source) {
        try {
            Jsonata expression = Jsonata.jsonata(source);
            // Scopes come from parsed JSON, so checking them again on every evaluation only costs time.
            expression.setValidateInput(false);
            return new Compiled(expression, null);
        } catch (JException e) {
            return new Compiled(null, parseMessage(e));
        } catch (StackOverflowError e) {
            return new Compiled(null, "it nests too deeply");
        } catch (RuntimeException e) {
            return new Compiled(null, String.valueOf(e.getMessage()));
        }
    }

    private static String parseMessage(JException e) {
        String message = String.valueOf(e.getMessage());
        return e.getLocation() >= 0 && !message.contains("position")
                ? message + " (at character " + e.getLocation() + ")"
                : message;
    }

    private String explain(JException e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("timeout")) {
            return "timed out after " + settings.expressionTimeout().toMillis() + " ms";
        }
        if (message.contains("Stack overflow") || message.contains("Depth=")) {
            return "recursed deeper than " + settings.expressionMaxDepth() + " levels";
        }
        return "failed: " + message;
    }

    static String describe(String source) {
        String shown = source.length() > 80 ? source.substring(0, 77) + "..." : source;
        return "expression '" + shown + "'";
    }

    private record Compiled(
            @Nullable Jsonata expression, @Nullable String error) {}

    /** Turns what JSONata returns into plain JSON values, counting its size as it goes. */
    static final class JsonResult {

        private final int limit;
        private final String what;
        private long size;

        private JsonResult(int limit, String what) {
            this.limit = limit;
            this.what = what;
        }

        static @Nullable Object of(@Nullable Object value, int limit, String what) {
            return new JsonResult(limit, what).convert(value, 0);
        }

        private @Nullable Object convert(@Nullable Object value, int depth) {
            if (depth > 1000) {
                throw new ExpressionFailed(what + " returned a value nested too deeply");
            }
            return switch (value) {
                case null -> count(null, 4);
                case String s -> count(s, s.length() + 2L);
                case Boolean b -> count(b, 5);
                case Double d -> count(number(d), 24);
                case Float f -> count(number(f.doubleValue()), 24);
                case Integer i -> count(i.longValue(), 20);
                case Short i -> count(i.longValue(), 20);
                case Byte i -> count(i.longValue(), 20);
                case Number n -> count(n, 20);
                case Map<?, ?> map -> {
                    count(null, 2);
                    Map<String, Object> copy = new LinkedHashMap<>();
                    for (var entry : map.entrySet()) {
                        String key = String.valueOf(entry.getKey());
                        count(null, key.length() + 4L);
                        copy.put(key, convert(entry.getValue(), depth + 1));
                    }
                    yield copy;
                }
                case List<?> list -> {
                    count(null, 2);
                    List<Object> copy = new ArrayList<>(Math.min(list.size(), 1024));
                    for (Object item : list) {
                        count(null, 1);
                        copy.add(convert(item, depth + 1));
                    }
                    yield copy;
                }
                default -> throw new ExpressionFailed(what + " returned a function or another non-JSON value");
            };
        }

        private Object number(double d) {
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new ExpressionFailed(what + " returned a number JSON cannot hold (" + d + ")");
            }
            if (d == Math.rint(d) && Math.abs(d) < 9.007199254740992E15) {
                return (long) d;
            }
            return d;
        }

        private <T> T count(T value, long chars) {
            size += chars;
            if (size > limit) {
                throw new ExpressionFailed(what + " returned more than " + limit + " characters of JSON");
            }
            return value;
        }
    }
}
