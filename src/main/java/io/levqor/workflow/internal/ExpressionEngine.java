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

    /** What may run long inside one built-in call: function calls, lambdas, ranges, sorts. */
    private static final Pattern MAY_RUN_LONG =
            Pattern.compile("\\$[A-Za-z0-9_]*\\s*\\(|\\bfunction\\b|λ|\\.\\.|\\^\\s*\\(");

    private final WorkflowSettings settings;
    private final AtomicLong abandoned = new AtomicLong();
    private final Map<String, Compiled> cache = new ConcurrentHashMap<>();
    private final AtomicLong cachedChars = new AtomicLong();

    /** The cache is also bounded by the size of its sources: expressions may be up to 16,384 characters long. */
    private static final long MOST_CACHED_CHARS = 4_000_000;

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
        java.util.concurrent.Callable<@Nullable Object> evaluation = () -> {
            Jsonata.Frame frame = expression.createFrame();
            // Checked on every evaluation step: a runaway loop or recursion throws instead of spinning.
            frame.setRuntimeBounds(settings.expressionTimeout().toMillis(), settings.expressionMaxDepth());
            return expression.evaluate(scope, frame);
        };
        Object result = compiled.watched() ? watched(source, evaluation) : inline(source, evaluation);
        return JsonResult.of(result, settings.expressionMaxOutput(), describe(source));
    }

    /**
     * Paths, operators and constructors without function calls check the limits at every step and cannot run long
     * in between, so they are evaluated on the caller's thread: the hand-off to another thread would cost more than
     * the evaluation.
     */
    private @Nullable Object inline(String source, java.util.concurrent.Callable<@Nullable Object> evaluation) {
        try {
            return evaluation.call();
        } catch (Exception | StackOverflowError e) {
            throw translate(source, e);
        }
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
        if (cache.size() >= settings.expressionCacheSize()
                || cachedChars.addAndGet(source.length()) > MOST_CACHED_CHARS) {
            // Crude but bounded: definitions are few and stable, so a full cache is rare and refills quickly.
            cache.clear();
            cachedChars.set(source.length());
        }
        cache.put(source, compiled);
        return compiled;
    }

    private Compiled parse(String source) {
        if (regexLiterals(source).stream().anyMatch(ExpressionEngine::hasNestedQuantifier)) {
            return new Compiled(
                    null,
                    "it holds a regular expression with a nested quantifier like (a+)+, which can take exponential"
                            + " time; rewrite it without the nesting",
                    false);
        }
        try {
            Jsonata expression = Jsonata.jsonata(withShortLiterals(source));
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
            boolean watched = !regexLiterals(source).isEmpty()
                    || MAY_RUN_LONG
                            .matcher(StepReferences.withoutStringLiterals(source))
                            .find();
            return new Compiled(expression, null, watched);
        } catch (JException e) {
            return new Compiled(null, parseMessage(e), false);
        } catch (StackOverflowError e) {
            return new Compiled(null, "it nests too deeply", false);
        } catch (RuntimeException e) {
            return new Compiled(null, String.valueOf(e.getMessage()), false);
        }
    }

    private static String parseMessage(JException e) {
        // JSONata's messages may quote a token, which can be as long as the expression: keep answers small.
        String message = shortened(String.valueOf(e.getMessage()), 200);
        return e.getLocation() >= 0 && !message.contains("position")
                ? message + " (at character " + e.getLocation() + ")"
                : message;
    }

    private static String shortened(String text, int most) {
        return text.length() > most ? text.substring(0, most - 3) + "..." : text;
    }

    /** Literals longer than this are split into pieces joined with {@code &} (see {@link #withShortLiterals}). */
    static final int LONGEST_LITERAL = 1024;

    private static final int LITERAL_PIECE = 256;

    /**
     * The expression with every string literal longer than {@value #LONGEST_LITERAL} characters rewritten as
     * {@code ('…' & '…' & …)} of {@value #LITERAL_PIECE}-character pieces, the same string. JSONata's tokenizer
     * builds a literal by appending one character at a time to an immutable string, which is quadratic in its length
     * (a 900 KB literal took over 30 s of CPU); pieces of bounded length make it linear. A literal that long is a
     * value, never a field name in a path, where the rewrite would change its meaning.
     */
    static String withShortLiterals(String source) {
        if (source.length() <= LONGEST_LITERAL) {
            return source;
        }
        StringBuilder out = null;
        char previous = '(';
        for (int i = 0; i < source.length(); i++) {
            char c = source.charAt(i);
            int end = -1;
            if (c == '/' && i + 1 < source.length() && source.charAt(i + 1) == '*') {
                int close = source.indexOf("*/", i + 2);
                end = close < 0 ? source.length() : close + 2;
            } else if (c == '`') {
                int close = source.indexOf('`', i + 1);
                end = close < 0 ? source.length() : close + 1;
            } else if (c == '/' && !(Character.isLetterOrDigit(previous) || ")]}_$".indexOf(previous) >= 0)) {
                end = closing(source, i, '/');
            } else if (c == '"' || c == '\'') {
                end = closing(source, i, c);
                if (end - i - 2 > LONGEST_LITERAL) {
                    if (out == null) {
                        out = new StringBuilder(source.length() + source.length() / 64).append(source, 0, i);
                    }
                    appendInPieces(source, i, end, out);
                    i = end - 1;
                    previous = 'x';
                    continue;
                }
            }
            if (end >= 0) {
                if (out != null) {
                    out.append(source, i, end);
                }
                i = end - 1;
                previous = 'x';
                continue;
            }
            if (out != null) {
                out.append(c);
            }
            if (!Character.isWhitespace(c)) {
                previous = c;
            }
        }
        return out == null ? source : out.toString();
    }

    /** Just past the quote that closes the literal opened at {@code start} (or the end of the source). */
    private static int closing(String source, int start, char quote) {
        for (int j = start + 1; j < source.length(); j++) {
            char c = source.charAt(j);
            if (c == '\\') {
                j++;
            } else if (c == quote) {
                return j + 1;
            }
        }
        return source.length();
    }

    /** A literal from {@code start} (its opening quote) to {@code end} (past its closing one) as pieces. */
    private static void appendInPieces(String source, int start, int end, StringBuilder out) {
        char quote = source.charAt(start);
        int stop = source.charAt(end - 1) == quote && end - 1 > start ? end - 1 : end;
        out.append('(').append(quote);
        int piece = 0;
        for (int j = start + 1; j < stop; j++) {
            char c = source.charAt(j);
            if (piece >= LITERAL_PIECE) {
                // Never between a backslash and what it escapes: pieces start after a whole character or escape.
                out.append(quote).append(" & ").append(quote);
                piece = 0;
            }
            out.append(c);
            piece++;
            if (c == '\\' && j + 1 < stop) {
                int escaped = source.charAt(j + 1) == 'u' ? Math.min(5, stop - j - 1) : 1;
                out.append(source, j + 1, j + 1 + escaped);
                j += escaped;
                piece += escaped;
            }
        }
        out.append(stop < end ? String.valueOf(quote) : "").append(')');
    }

    /**
     * Whether a regular expression holds a group with a quantifier that is itself quantified: {@code (a+)+},
     * {@code (x*)*}, {@code (a+){2,}}. One pass over the innermost groups: a backtracking pattern for the same test
     * took quadratic time on a long group that never closes.
     */
    static boolean hasNestedQuantifier(String regex) {
        boolean inGroup = false;
        boolean quantified = false;
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            switch (c) {
                case '(' -> {
                    inGroup = true;
                    quantified = false;
                }
                case '+', '*', '}' -> quantified |= inGroup;
                case ')' -> {
                    if (inGroup && quantified) {
                        int next = i + 1;
                        while (next < regex.length() && Character.isWhitespace(regex.charAt(next))) {
                            next++;
                        }
                        if (next < regex.length() && "+*{".indexOf(regex.charAt(next)) >= 0) {
                            return true;
                        }
                    }
                    inGroup = false;
                }
                default -> {}
            }
        }
        return false;
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

    /** The expression as error messages quote it: at most 80 characters. */
    public static String describe(String source) {
        String shown = source.length() > 80 ? source.substring(0, 77) + "..." : source;
        return "expression '" + shown + "'";
    }

    /** @param watched whether evaluation needs the backstop thread (see {@link #watched}) */
    private record Compiled(
            @Nullable Jsonata expression, @Nullable String error, boolean watched) {}

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
