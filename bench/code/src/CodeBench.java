package io.levqor.connectors.internal.code;

import io.levqor.workflow.Templates;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Evaluations per second of the code step's sandbox on one caller thread; the median of the runs. */
public final class CodeBench {

    private static final String SCRIPT =
            "return {total: steps.fetch.output.items.reduce((a, b) => a + b.price, 0), n: steps.fetch.output.items.length}";

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 5;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            items.add(Map.of("price", i + 0.5, "name", "item " + i));
        }
        Map<String, Object> steps = Map.of("fetch", Map.of("output", Map.of("items", items)));
        Map<String, Object> inputs = new HashMap<>();
        inputs.put("trigger", Map.of("body", Map.of("order", 7)));
        inputs.put("steps", steps);
        Templates templates = Templates.withDefaults();
        Map<String, Object> scope = Map.of("steps", steps);
        try (CodeSandbox sandbox = new CodeSandbox(CodeSettings.defaults())) {
            if (!(sandbox.run(SCRIPT, inputs, Duration.ofSeconds(10)) instanceof CodeSandbox.Output output)) {
                throw new IllegalStateException("the script failed");
            }
            System.out.println("nproc " + Runtime.getRuntime().availableProcessors() + "; output " + output.value());
            double[] code = new double[runs];
            double[] jsonata = new double[runs];
            measure(seconds, () -> sandbox.run(SCRIPT, inputs, Duration.ofSeconds(10)));
            for (int run = 0; run < runs; run++) {
                code[run] = measure(seconds, () -> sandbox.run(SCRIPT, inputs, Duration.ofSeconds(10)));
                jsonata[run] = measure(seconds, () -> templates.render(
                        "{{ {'total': $sum(steps.fetch.output.items.price), 'n': $count(steps.fetch.output.items)} }}",
                        scope));
                System.out.printf("run %d: code %.0f evaluations/s, jsonata %.0f evaluations/s%n", run + 1, code[run], jsonata[run]);
            }
            System.out.printf("median: code %.0f evaluations/s (%.1f µs each), jsonata %.0f evaluations/s%n",
                    median(code), 1e6 / median(code), median(jsonata));
        }
    }

    private interface Work {
        Object call() throws Exception;
    }

    private static double measure(double seconds, Work work) throws Exception {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long count = 0;
        long start = System.nanoTime();
        while (System.nanoTime() < end) {
            work.call();
            count++;
        }
        return count / ((System.nanoTime() - start) / 1e9);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
