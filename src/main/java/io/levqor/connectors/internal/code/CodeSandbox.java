package io.levqor.connectors.internal.code;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.mozilla.javascript.Context;
import org.mozilla.javascript.ContextFactory;
import org.mozilla.javascript.EvaluatorException;
import org.mozilla.javascript.Function;
import org.mozilla.javascript.RhinoException;
import org.mozilla.javascript.Script;
import org.mozilla.javascript.Scriptable;
import org.mozilla.javascript.ScriptableObject;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs untrusted JavaScript with Mozilla Rhino, interpreted, in a scope with only the ECMAScript built-ins (no
 * {@code Packages}, {@code java}, {@code load}, {@code require} or {@code fetch}) behind a class shutter that admits
 * no Java class at all. Each script runs on one of a few platform threads, whose CPU time and allocated bytes the JVM
 * measures; an instruction observer stops the script once it passes its CPU, allocation or wall-time budget, with an
 * {@link Error} that JavaScript cannot catch. Thread-safe.
 */
public final class CodeSandbox implements AutoCloseable {

    /** The failure codes a script can end with. */
    public static final String ERROR = "code-error";

    public static final String TIMEOUT = "code-timeout";
    public static final String MEMORY = "code-memory";
    public static final String OUTPUT_TOO_LARGE = "code-output-too-large";

    /** Instructions between two budget checks: a fraction of a millisecond of interpretation. */
    private static final int OBSERVE_EVERY = 10_000;

    /** Script threads get a deep stack: Rhino's parser and built-ins that call back into JavaScript recurse. */
    private static final long THREAD_STACK = 16L * 1024 * 1024;

    /** The script becomes the body of this function; the source keeps the user's line numbers (line 1 is theirs). */
    private static final String HEAD = "(function (trigger, steps, item, index) {";

    private static final String TAIL = "\n})";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** How a script ended: its output as JSON values (maps, lists, strings, numbers, booleans, null) or a failure. */
    public sealed interface Result {}

    /** The script returned; {@code value} is JSON-ready. */
    public record Output(@Nullable Object value) implements Result {}

    /** The script failed or broke a limit; {@code code} is one of the constants above. */
    public record Failure(String code, String message) implements Result {}

    private final CodeSettings settings;
    private final ExecutorService threads;
    private final SandboxFactory factory = new SandboxFactory();
    /** Compiled scripts by source, weighed by length: at most about 16 M characters of source are kept. */
    private final Cache<String, Script> compiled = Caffeine.newBuilder()
            .maximumWeight(16_000_000)
            .weigher((String code, Script script) -> code.length() + 1)
            .build();

    public CodeSandbox(CodeSettings settings) {
        this.settings = settings;
        this.threads = Executors.newFixedThreadPool(settings.threadCount(), new ScriptThreads());
        // On by default on HotSpot; a JVM started with them off would silently disarm the budget.
        if (THREADS.isThreadCpuTimeSupported() && !THREADS.isThreadCpuTimeEnabled()) {
            THREADS.setThreadCpuTimeEnabled(true);
        }
        if (THREADS.isThreadAllocatedMemorySupported() && !THREADS.isThreadAllocatedMemoryEnabled()) {
            THREADS.setThreadAllocatedMemoryEnabled(true);
        }
    }

    /** Loads and compiles once in the background, so that the first definition saved does not pay for it. */
    public void warmUp() {
        threads.execute(() -> {
            Context cx = enter();
            try {
                compile(cx, "return 1");
            } finally {
                Context.exit();
            }
        });
    }

    /** Why the script does not compile, with its line and column; empty when it does. */
    public Optional<String> compileProblem(String code) throws InterruptedException {
        if (code.length() > settings.maxCodeSize().toBytes()) {
            return Optional.of("is " + code.length() + " characters long; the limit is "
                    + settings.maxCodeSize().toBytes() + " (levqor.connectors.code.max-code-size)");
        }
        Future<Optional<String>> check = threads.submit(() -> {
            Context cx = enter();
            try {
                compile(cx, code);
                return Optional.<String>empty();
            } catch (EvaluatorException e) {
                // An error found in the wrapper's closing line is one the script left open (a brace, a string).
                boolean atEnd = e.lineNumber() > code.split("\n", -1).length;
                return Optional.of(
                        "does not compile: " + e.details() + (atEnd ? " (at the end of the script)" : where(e)));
            } catch (StackOverflowError e) {
                return Optional.of("does not compile: it nests too deeply");
            } finally {
                Context.exit();
            }
        });
        try {
            return check.get();
        } catch (ExecutionException e) {
            return Optional.of("does not compile: " + e.getCause().getMessage());
        }
    }

    /**
     * Runs the script with these inputs ({@code trigger}, {@code steps}, {@code item}, {@code index}: JSON values)
     * within the configured limits and {@code wallTime}.
     *
     * @throws InterruptedException when the calling thread is interrupted; the script is stopped too
     */
    public Result run(String code, Map<String, @Nullable Object> inputs, Duration wallTime)
            throws InterruptedException {
        if (code.length() > settings.maxCodeSize().toBytes()) {
            return new Failure(
                    ERROR,
                    "the script is " + code.length() + " characters long; the limit is "
                            + settings.maxCodeSize().toBytes() + " (levqor.connectors.code.max-code-size)");
        }
        long deadline = System.nanoTime() + wallTime.toNanos();
        Budget budget = new Budget(settings, deadline, wallTime);
        String inputJson;
        try {
            inputJson = JSON.writeValueAsString(inputs);
        } catch (RuntimeException e) {
            return new Failure(ERROR, "the step's inputs are not JSON: " + e.getMessage());
        }
        Future<Result> task = threads.submit(() -> execute(code, inputJson, budget));
        try {
            return task.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            budget.cancelled = true;
            task.cancel(false);
            throw e;
        } catch (TimeoutException e) {
            // Waited for a free thread, or stuck in one long built-in call: the observer stops it at its next check.
            budget.cancelled = true;
            task.cancel(false);
            return new Failure(
                    TIMEOUT, "the script did not end within the step's timeout of " + wallTime.toMillis() + " ms");
        } catch (ExecutionException e) {
            return new Failure(ERROR, "the script failed: " + e.getCause());
        }
    }

    private Result execute(String code, String inputJson, Budget budget) {
        Context cx = enter();
        try {
            Script script = compile(cx, code);
            ScriptableObject global = cx.initSafeStandardObjects();
            // Only a Java exception's constructor, never a Java object: still, nothing here should say Java.
            ScriptableObject.deleteProperty(global, "JavaException");
            StringGuards.install(global, settings.maxAllocation().toBytes() / 2);
            Object inputs = ScriptableObject.callMethod(
                    cx, (Scriptable) ScriptableObject.getProperty(global, "JSON"), "parse", new Object[] {inputJson});
            Object[] args = new Object[4];
            if (inputs instanceof ScriptableObject object) {
                String[] names = {"trigger", "steps", "item", "index"};
                for (int i = 0; i < names.length; i++) {
                    Object value = ScriptableObject.getProperty(object, names[i]);
                    args[i] = value == ScriptableObject.NOT_FOUND ? null : value;
                }
            }
            // Measured from here: copying the inputs in is the platform's work, not the script's.
            budget.start();
            cx.putThreadLocal(Budget.class, budget);
            Object function = script.exec(cx, global);
            if (!(function instanceof Function body)) {
                return new Failure(ERROR, "the script must be the body of a function (it closed its own braces)");
            }
            Object value = body.call(cx, global, global, args);
            // Still under the budget: getters, toJSON and proxies run script code while the output is read.
            return new Output(new JsonOutput(settings.maxOutputSize().toBytes()).convert(value));
        } catch (Budget.Exceeded e) {
            return new Failure(e.code, e.getMessage());
        } catch (JsonOutput.NotJson e) {
            return new Failure(e.tooLarge ? OUTPUT_TOO_LARGE : ERROR, e.getMessage());
        } catch (EvaluatorException e) {
            if (e.details().contains("stack depth")) {
                return new Failure(
                        ERROR,
                        "the script nests calls more than " + settings.maxStackDepth()
                                + " deep (levqor.connectors.code.max-stack-depth)" + where(e));
            }
            return new Failure(ERROR, e.details() + where(e));
        } catch (RhinoException e) {
            return new Failure(ERROR, e.details() + where(e));
        } catch (StackOverflowError e) {
            return new Failure(ERROR, "the script nests calls too deeply");
        } catch (OutOfMemoryError e) {
            // One built-in call (a huge String.repeat or join) asked for more than the heap has: nothing was kept.
            return new Failure(
                    MEMORY, "the script asked for more memory than there is (one string or array too large)");
        } catch (RuntimeException e) {
            return new Failure(ERROR, "the script failed: " + e.getClass().getSimpleName());
        } finally {
            cx.removeThreadLocal(Budget.class);
            Context.exit();
        }
    }

    private Context enter() {
        Context cx = factory.enterContext();
        cx.setInterpretedMode(true);
        cx.setLanguageVersion(Context.VERSION_ECMASCRIPT);
        cx.setInstructionObserverThreshold(OBSERVE_EVERY);
        cx.setMaximumInterpreterStackDepth(settings.maxStackDepth());
        cx.setClassShutter(className -> false);
        return cx;
    }

    private Script compile(Context cx, String code) {
        Script script = compiled.getIfPresent(code);
        if (script == null) {
            // Line 0 is the wrapper's head, so the user's first line is line 1 in every message.
            script = cx.compileString(HEAD + "\n" + code + TAIL, "code", 0, null);
            compiled.put(code, script);
        }
        return script;
    }

    private static String where(RhinoException e) {
        if (e.lineNumber() <= 0) {
            return "";
        }
        return " (line " + e.lineNumber() + (e.columnNumber() > 0 ? ", column " + e.columnNumber() : "") + ")";
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }

    /** Checks every script's budget each time the interpreter has run {@link #OBSERVE_EVERY} instructions. */
    private static final class SandboxFactory extends ContextFactory {
        @Override
        protected void observeInstructionCount(Context cx, int instructionCount) {
            if (cx.getThreadLocal(Budget.class) instanceof Budget budget) {
                budget.check();
            }
        }
    }

    /** What one script may still use; read on its own thread, cancelled from the caller's. */
    static final class Budget {
        private final long cpuLimit;
        private final long allocationLimit;
        private final long deadline;
        private final Duration wallTime;
        private long cpuStart;
        private long allocationStart;
        volatile boolean cancelled;

        Budget(CodeSettings settings, long deadline, Duration wallTime) {
            this.cpuLimit = settings.cpuTime().toNanos();
            this.allocationLimit = settings.maxAllocation().toBytes();
            this.deadline = deadline;
            this.wallTime = wallTime;
        }

        void start() {
            cpuStart = cpuTime();
            allocationStart = THREADS.getCurrentThreadAllocatedBytes();
        }

        /** The thread's CPU time; wall time where the JVM cannot measure it, which only makes the limit stricter. */
        private static long cpuTime() {
            long cpu = THREADS.getCurrentThreadCpuTime();
            return cpu >= 0 ? cpu : System.nanoTime();
        }

        void check() {
            if (cancelled) {
                throw new Exceeded(TIMEOUT, "the script was stopped: its step timed out or its run was cancelled");
            }
            if (cpuTime() - cpuStart > cpuLimit) {
                throw new Exceeded(
                        TIMEOUT,
                        "the script used more than " + cpuLimit / 1_000_000
                                + " ms of CPU time (levqor.connectors.code.cpu-time)");
            }
            if (THREADS.getCurrentThreadAllocatedBytes() - allocationStart > allocationLimit) {
                throw new Exceeded(
                        MEMORY,
                        "the script allocated more than " + allocationLimit / (1024 * 1024)
                                + " MB (levqor.connectors.code.max-allocation)");
            }
            if (System.nanoTime() - deadline > 0) {
                throw new Exceeded(
                        TIMEOUT, "the script ran longer than the step's timeout of " + wallTime.toMillis() + " ms");
            }
        }

        /** Thrown by a guard before a built-in builds a string past the budget. */
        static Exceeded tooLong(long length, long limit) {
            return new Exceeded(
                    MEMORY,
                    "the script asked for a string of " + length + " characters; the limit is " + limit
                            + " (half of levqor.connectors.code.max-allocation)");
        }

        /**
         * Ends the script. An {@link Error}, so that Rhino unwinds without running the script's {@code catch} or
         * {@code finally} blocks (which could otherwise swallow it and go on).
         */
        static final class Exceeded extends Error {
            final String code;

            Exceeded(String code, String message) {
                super(message, null, false, false);
                this.code = code;
            }
        }
    }

    /** Platform threads with a deep stack, named for thread dumps; daemons so they never hold the JVM up. */
    private static final class ScriptThreads implements ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(null, task, "levqor-code-" + count.incrementAndGet(), THREAD_STACK);
            thread.setDaemon(true);
            return thread;
        }
    }
}
