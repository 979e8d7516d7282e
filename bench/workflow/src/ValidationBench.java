package io.levqor.bench.workflow;

import io.levqor.shared.FieldError;
import io.levqor.workflow.Templates;
import io.levqor.workflow.internal.DefinitionParser;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import tools.jackson.databind.json.JsonMapper;

/**
 * What validating one hostile definition costs: wall time, CPU time of the validating thread and the size of the
 * problem document it answers (median of three runs by default, each on a fresh parser so no compiled expression
 * is cached).
 */
public final class ValidationBench {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static int runs = 3;

    public static void main(String[] args) {
        int kilobytes = args.length > 0 ? Integer.parseInt(args[0]) : 900;
        runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        System.out.printf("cores (nproc): %d%n", Runtime.getRuntime().availableProcessors());
        int size = kilobytes * 1000;
        report("%d KB string literal".formatted(kilobytes), () -> output("{{ '" + "a".repeat(size) + "' }}"));
        report("%d KB expression that does not parse".formatted(kilobytes),
                () -> output("{{ " + "a + ".repeat(size / 4) + " }}"));
        report("%d KB path (a.a.a…)".formatted(kilobytes), () -> output("{{ " + "a.".repeat(size / 2) + "a }}"));
        report("nesting 5,000 deep ((((…))))", () -> output("{{ " + "(".repeat(5000) + "1" + ")".repeat(5000) + " }}"));
        report("nesting 100,000 deep [[[…]]]",
                () -> output("{{ " + "[".repeat(100_000) + "1" + "]".repeat(100_000) + " }}"));
        report("2,000 expressions of 32 chars", () -> {
            Map<String, Object> members = new LinkedHashMap<>();
            for (int i = 0; i < 2_000; i++) {
                members.put("m" + i, "{{ trigger.body.items[%d].name }}".formatted(i));
            }
            return output(members);
        });
        report("20,000 expressions of 40 chars", () -> {
            Map<String, Object> members = new LinkedHashMap<>();
            for (int i = 0; i < 20_000; i++) {
                members.put("m" + i, "{{ trigger.body.items[" + i + "].name & ' ok' }}");
            }
            return output(members);
        });
        report("20,000 expressions that do not parse", () -> {
            Map<String, Object> members = new LinkedHashMap<>();
            for (int i = 0; i < 20_000; i++) {
                members.put("m" + i, "{{ trigger.body.items[" + i + "] + }}");
            }
            return output(members);
        });
    }

    private static Map<String, Object> output(Object output) {
        Map<String, Object> definition = new LinkedHashMap<>();
        definition.put("trigger", Map.of("type", "manual"));
        definition.put("steps", List.of());
        definition.put("output", output);
        return definition;
    }

    private static void report(String name, Supplier<Map<String, Object>> definition) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<String, Object> input = definition.get();
        int inputSize = JSON.writeValueAsString(input).length();
        List<long[]> results = new ArrayList<>();
        String outcome = "";
        for (int run = 0; run < runs; run++) {
            DefinitionParser parser = new DefinitionParser(List.of(), Templates.withDefaults(), 100, null);
            long cpu = threads.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            DefinitionParser.Result result;
            try {
                result = parser.parse(input);
            } catch (StackOverflowError e) {
                result = new DefinitionParser.Result(null, List.of(new FieldError("", "StackOverflowError")));
            }
            long wall = System.nanoTime() - start;
            long used = threads.getCurrentThreadCpuTime() - cpu;
            results.add(new long[] {wall / 1_000_000, used / 1_000_000, answerSize(result)});
            outcome = result.ok() ? "valid" : result.errors().size() + " errors";
        }
        results.sort((a, b) -> Long.compare(a[0], b[0]));
        long[] median = results.get(results.size() / 2);
        System.out.printf(
                "%-40s input %,9d chars | wall %,7d ms | cpu %,7d ms | answer %,10d bytes | %s%n",
                name, inputSize, median[0], median[1], median[2], outcome);
    }

    /** The size of the problem document the API answers (or of {"valid":true}). */
    private static long answerSize(DefinitionParser.Result result) {
        if (result.ok()) {
            return "{\"valid\":true}".length();
        }
        List<FieldError> errors = result.errors();
        String detail = errors.size() == 1
                ? errors.getFirst().field() + ": " + errors.getFirst().message()
                : errors.size() + " fields are invalid";
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "https://levqor.io/problems/validation");
        problem.put("title", "Invalid request");
        problem.put("status", 400);
        problem.put("detail", detail);
        problem.put("errors", errors);
        return JSON.writeValueAsString(problem).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }

}
