package io.levqor.workflow.internal;

import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;
import io.levqor.workflow.ExpressionFailed;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compiles JSONata expressions once (cached) and evaluates them within a time, depth and size budget, so a hostile
 * expression fails fast instead of hanging the worker thread that evaluates it.
 */
public final class ExpressionEngine {

    private static final Logger log = LoggerFactory.getLogger(ExpressionEngine.class);

    /** A group holding a quantifier, itself quantified: {@code (a+)+}, {@code (x*)*}, {@code (a+){2,}}. */
    private static final Pattern NESTED_QUANTIFIER = Pattern.compile("\\([^()]*[+*}][^()]*\\)\\s*[+*{]");

    private final WorkflowSettings settings;
    private final AtomicLong abandoned = new AtomicLong();
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
        Jsonata expression = compiled.expression;
        Object result = watched(source, () -> {
            Jsonata.Frame frame = expression.createFrame();
            // Checked on every evaluation step: a runaway loop or recursion throws instead of spinning.
            frame.setRuntimeBounds(settings.expressionTimeout().toMillis(), settings.expressionMaxDepth());
            return expression.evaluate(scope, frame);
        });
        return JsonResult.of(result, settings.expressionMaxOutput(), describe(source));
    }

    /**
     * Runs the evaluation on its own virtual thread and waits at most twice the time limit. The step checks above
     * stop almost everything; this backstop frees the caller when one built-in call (a pathological regular
     * expression, say) runs long between checks. Such a thread cannot be killed: it is interrupted, counted and
     * left to finish.
     */
    private @Nullable Object watched(String source, java.util.concurrent.Callable<@Nullable Object> evaluation) {
        CompletableFuture<@Nullable Object> future = new CompletableFuture<>();
        Thread thread = Thread.ofVirtual().name("jsonata").start(() -> {
            try {
                future.complete(evaluation.call());
            } catch (Throwable e) {
                future.completeExceptionally(e);
            }
        });
        Duration limit = settings.expressionTimeout().multipliedBy(2);
        try {
            return future.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            thread.interrupt();
            log.warn(
                    "Abandoned a JSONata evaluation that ran past {} ms ({} so far): {}",
                    limit.toMillis(),
                    abandoned.incrementAndGet(),
                    describe(source));
            throw new ExpressionFailed(describe(source) + " timed out after "
                    + settings.expressionTimeout().toMillis() + " ms");
        } catch (InterruptedException e) {
            thread.interrupt();
            Thread.currentThread().interrupt();
            throw new ExpressionFailed(describe(source) + " was interrupted");
        } catch (ExecutionException e) {
            throw translate(source, e.getCause());
        }
    }

    private ExpressionFailed translate(String source, Throwable failure) {
        return switch (failure) {
            case ExpressionFailed e -> e;
            case JException e -> new ExpressionFailed(describe(source) + " " + explain(e), e);
            case StackOverflowError e -> new ExpressionFailed(describe(source) + " nests too deeply");
            case OutOfMemoryError e -> new ExpressionFailed(describe(source) + " needed too much memory");
            default -> new ExpressionFailed(describe(source) + " failed: " + failure.getMessage(), failure);
        };
    }

    /** JSONata's {@code $pad} in linear time: a positive width pads on the right, a negative one on the left. */
    static @Nullable String pad(@Nullable String text, @Nullable Number width, @Nullable String padding) {
        if (text == null || width == null) {
            return text;
        }
        String fill = padding == null || padding.isEmpty() ? " " : padding;
        int target = Math.abs(width.intValue());
        int length = text.codePointCount(0, text.length());
        if (length >= target) {
            return text;
        }
        int[] fillPoints = fill.codePoints().toArray();
        StringBuilder padded = new StringBuilder();
        for (int i = 0; i < target - length; i++) {
            padded.appendCodePoint(fillPoints[i % fillPoints.length]);
        }
        return width.intValue() < 0 ? padded + text : text + padded;
    }

    /** How many evaluations overran the backstop since start (each may still be burning a thread). */
    public long abandonedEvaluations() {
        return abandoned.get();
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

    private Compiled parse(String source) {
        if (regexLiterals(source).stream()
                .anyMatch(regex -> NESTED_QUANTIFIER.matcher(regex).find())) {
            return new Compiled(
                    null,
                    "it holds a regular expression with a nested quantifier like (a+)+, which can take exponential"
                            + " time; rewrite it without the nesting");
        }
        try {
            Jsonata expression = Jsonata.jsonata(source);
            // Scopes come from parsed JSON, so checking them again on every evaluation only costs time.
            expression.setValidateInput(false);
            int maxOutput = settings.expressionMaxOutput();
            // The built-in $pad allocates whatever width it is asked for, and slowly: cap it.
            expression.registerFunction(
                    "pad",
                    Jsonata.function(
                            "pad",
                            (Jsonata.Fn3<String, Number, String, String>) (text, width, padding) -> {
                                if (width != null && Math.abs(width.doubleValue()) > maxOutput) {
                                    throw new ExpressionFailed(
                                            describe(source) + " padded beyond " + maxOutput + " characters");
                                }
                                return pad(text, width, padding);
                            },
                            "<s-ns?:s>"));
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

    /**
     * The {@code /…/} regular expression literals of an expression. A slash opens one where a value is expected
     * (after an operator, a bracket or a comma); after a value it divides.
     */
    static List<String> regexLiterals(String source) {
        List<String> literals = new ArrayList<>();
        char previous = '(';
        char quote = 0;
        for (int i = 0; i < source.length(); i++) {
            char c = source.charAt(i);
            if (quote != 0) {
                if (c == '\\' && quote != '`') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                    previous = 'x';
                }
                continue;
            }
            if (c == '"' || c == '\'' || c == '`') {
                quote = c;
                continue;
            }
            if (c == '/' && !(Character.isLetterOrDigit(previous) || ")]}_$".indexOf(previous) >= 0)) {
                StringBuilder literal = new StringBuilder();
                int j = i + 1;
                for (; j < source.length() && source.charAt(j) != '/'; j++) {
                    if (source.charAt(j) == '\\' && j + 1 < source.length()) {
                        literal.append(source.charAt(j++));
                    }
                    literal.append(source.charAt(j));
                }
                literals.add(literal.toString());
                i = j;
                previous = 'x';
                continue;
            }
            if (!Character.isWhitespace(c)) {
                previous = c;
            }
        }
        return literals;
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
