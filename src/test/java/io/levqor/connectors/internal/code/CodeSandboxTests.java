package io.levqor.connectors.internal.code;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.util.unit.DataSize;

class CodeSandboxTests {

    /** Small budgets keep hostile scripts cheap; two threads show one stuck script leaves the other free. */
    private static final CodeSandbox SANDBOX = new CodeSandbox(new CodeSettings(
            Duration.ofMillis(300),
            DataSize.ofMegabytes(24),
            DataSize.ofKilobytes(64),
            DataSize.ofKilobytes(8),
            200,
            2));

    @AfterAll
    static void close() {
        SANDBOX.close();
    }

    private static CodeSandbox.Result run(String code) throws InterruptedException {
        Map<String, @Nullable Object> inputs = new HashMap<>();
        inputs.put("trigger", Map.of("body", Map.of("name", "Ada", "vip", true)));
        inputs.put(
                "steps",
                Map.of("fetch", Map.of("output", Map.of("items", List.of(Map.of("price", 2.5), Map.of("price", 4))))));
        inputs.put("item", null);
        inputs.put("index", null);
        return SANDBOX.run(code, inputs, Duration.ofSeconds(30));
    }

    private static @Nullable Object output(String code) throws InterruptedException {
        CodeSandbox.Result result = run(code);
        assertThat(result).isInstanceOf(CodeSandbox.Output.class);
        return ((CodeSandbox.Output) result).value();
    }

    private static CodeSandbox.Failure failure(String code) throws InterruptedException {
        CodeSandbox.Result result = run(code);
        assertThat(result).isInstanceOf(CodeSandbox.Failure.class);
        return (CodeSandbox.Failure) result;
    }

    @Test
    void computesFromTheTriggerAndEarlierSteps() throws InterruptedException {
        assertThat(output("return {total: steps.fetch.output.items.reduce((a, b) => a + b.price, 0)}"))
                .isEqualTo(Map.of("total", 6.5));
        assertThat(output("return 'Hello ' + trigger.body.name")).isEqualTo("Hello Ada");
        assertThat(output("return [item, index, typeof item]"))
                .isEqualTo(java.util.Arrays.asList(null, null, "object"));
    }

    @Test
    void givesJsonValuesBack() throws InterruptedException {
        assertThat(output("return {n: 3, f: 1.5, t: true, s: 'x', nil: null, u: undefined, a: [1, undefined],"
                        + " nan: NaN, f2: function () {}, d: new Date(0)}"))
                .isEqualTo(
                        new java.util.LinkedHashMap<>(Map.of(
                                "n",
                                3L,
                                "f",
                                1.5,
                                "t",
                                true,
                                "s",
                                "x",
                                "a",
                                java.util.Arrays.asList(1L, null),
                                "d",
                                "1970-01-01T00:00:00.000Z")) {
                            {
                                put("nil", null);
                                put("u", null);
                                put("nan", null);
                            }
                        });
        assertThat(output("let x = 1")).isNull();
        assertThat(output("const a = [1]; return {p: a, q: a}")).isEqualTo(Map.of("p", List.of(1L), "q", List.of(1L)));
    }

    @Test
    void refusesOutputThatIsNotJson() throws InterruptedException {
        assertThat(failure("const a = {}; a.self = a; return a").message()).contains("cycle at output.self");
        assertThat(failure("return function () {}").code()).isEqualTo(CodeSandbox.ERROR);
        assertThat(failure("return [Symbol('s')]").message()).contains("output[0] is a symbol");
    }

    @Test
    void reportsScriptErrorsWithTheirLine() throws InterruptedException {
        CodeSandbox.Failure thrown = failure("const a = 1;\nthrow new Error('boom')");
        assertThat(thrown.code()).isEqualTo(CodeSandbox.ERROR);
        assertThat(thrown.message()).contains("boom").contains("line 2");
        assertThat(failure("return trigger.missing.deeper").message())
                .contains("TypeError")
                .contains("line 1");
    }

    @Test
    void reportsWhyCodeDoesNotCompile() throws InterruptedException {
        assertThat(SANDBOX.compileProblem("const a = 1;\nreturn a +;"))
                .hasValueSatisfying(problem ->
                        assertThat(problem).startsWith("does not compile:").contains("line 2"));
        assertThat(SANDBOX.compileProblem("return 1")).isEmpty();
        assertThat(SANDBOX.compileProblem("x".repeat(9_000)))
                .hasValueSatisfying(problem -> assertThat(problem).contains("levqor.connectors.code.max-code-size"));
        assertThat(SANDBOX.compileProblem("return " + "(".repeat(20_000) + "1" + ")".repeat(20_000)))
                .isPresent();
    }

    @Test
    void stopsEndlessLoopsEvenWhenTheyCatchEverything() throws InterruptedException {
        assertThat(failure("while (true) {}").code()).isEqualTo(CodeSandbox.TIMEOUT);
        assertThat(failure("for (;;) { try { while (true) {} } catch (e) {} finally { continue } }")
                        .code())
                .isEqualTo(CodeSandbox.TIMEOUT);
        assertThat(failure("/(a+)+$/.test('a'.repeat(40) + 'b')").code()).isIn(CodeSandbox.TIMEOUT, CodeSandbox.MEMORY);
        assertThat(output("return 1 + 1")).isEqualTo(2L);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "let a = []; while (true) a.push(new Array(1e6))",
                "let a = []; while (true) a.push({x: a.length})",
                "let s = 'x'; while (true) s = s + s",
                "return 'x'.repeat(1e9).length",
                "return ''.padStart(1e9)",
                "return new Array(1e8).join('xx')",
                "let s = 'x'.repeat(1e6); return new Array(1000).fill(s).join('')"
            })
    void stopsAllocationBombs(String bomb) throws InterruptedException {
        assertThat(failure(bomb).code()).isEqualTo(CodeSandbox.MEMORY);
        assertThat(output("return [1, 2].map(x => x * 2)")).isEqualTo(List.of(2L, 4L));
    }

    @Test
    void stopsDeepRecursion() throws InterruptedException {
        CodeSandbox.Failure deep = failure("function f(n) { return f(n + 1) } return f(0)");
        assertThat(deep.code()).isEqualTo(CodeSandbox.ERROR);
        assertThat(deep.message()).contains("levqor.connectors.code.max-stack-depth");
        assertThat(failure("function g() { return [1].map(g) } return g()").code())
                .isEqualTo(CodeSandbox.ERROR);
        assertThat(output("function fact(n) { return n <= 1 ? 1 : n * fact(n - 1) } return fact(10)"))
                .isEqualTo(3_628_800L);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "java.lang.System.exit(1)",
                "Java.type('java.lang.Runtime')",
                "Packages.java.io.File",
                "new Packages.java.io.File('/etc/passwd')",
                "JavaImporter(java.io)",
                "require('fs')",
                "load('x')",
                "fetch('http://127.0.0.1/')",
                "new XMLHttpRequest()",
                "print('x')",
                "readFile('/etc/passwd')",
                "importPackage(java.io)",
                "return globalThis.constructor.constructor('return java')()",
                "return Function('return this')().java.lang",
                "return Object.getPrototypeOf(Object.getPrototypeOf(globalThis)).constructor.constructor('return Packages')()",
                "return (function () { return this })().getClass()",
                "return ''.getClass()",
                "return [].constructor.constructor('return this')().Packages.java",
                "try { null.x } catch (e) { return e.javaException.getClass() }",
                "try { null.x } catch (e) { return e.rhinoException.getClass() }"
            })
    void hasNoWayOutToJava(String escape) throws InterruptedException {
        CodeSandbox.Failure failure = failure(escape);
        assertThat(failure.code()).isEqualTo(CodeSandbox.ERROR);
        assertThat(failure.message()).containsAnyOf("is not defined", "is not a function", "undefined", "Cannot");
    }

    @Test
    void walksOfPrototypesFindOnlyJavaScript() throws InterruptedException {
        Object found = output("""
                const seen = [];
                let o = globalThis;
                while (o) { seen.push(Object.getOwnPropertyNames(o).filter(n => /java|Packages|load|require/i.test(n))); o = Object.getPrototypeOf(o) }
                return seen.flat()""");
        assertThat(found).isEqualTo(List.of());
    }

    @ParameterizedTest
    @ValueSource(strings = {"import('x')", "import x from 'x'", "export default 1"})
    void hasNoModules(String module) throws InterruptedException {
        assertThat(SANDBOX.compileProblem(module)).isPresent();
        assertThat(failure(module).code()).isEqualTo(CodeSandbox.ERROR);
    }

    @Test
    void limitsTheOutputSize() throws InterruptedException {
        assertThat(failure("return 'x'.repeat(100000)").code()).isEqualTo(CodeSandbox.OUTPUT_TOO_LARGE);
        assertThat(failure("let a = [1, 2]; for (let i = 0; i < 40; i++) a = [a, a]; return a")
                        .code())
                .isIn(CodeSandbox.OUTPUT_TOO_LARGE, CodeSandbox.ERROR);
        assertThat(failure("return new Array(1e9)").code()).isEqualTo(CodeSandbox.OUTPUT_TOO_LARGE);
        assertThat(failure("return {get x() { while (true) {} }}").code()).isEqualTo(CodeSandbox.TIMEOUT);
    }

    @Test
    void stopsWhenItsCallerIsInterrupted() throws Exception {
        var caller = Thread.ofPlatform().start(() -> {
            try {
                run("while (true) {}");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        caller.interrupt();
        caller.join();
        assertThat(output("return 'still here'")).isEqualTo("still here");
    }
}
