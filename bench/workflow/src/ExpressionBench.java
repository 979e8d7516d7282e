package io.levqor.bench.workflow;

import io.levqor.workflow.Templates;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Renders typical templates in a loop and prints operations per second (median of three runs) and nproc. */
public final class ExpressionBench {

    public static void main(String[] args) {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Templates templates = Templates.withDefaults();
        Map<String, Object> scope = Map.of(
                "trigger", Map.of("body", Map.of("name", "Ada", "vip", true, "items", List.of(1, 2, 3, 4, 5))),
                "steps", Map.of("greet", Map.of("output", Map.of("message", "Hello Ada"))),
                "run", Map.of("id", "r-1", "workflowId", "w-1"));
        Map<String, Object> transform = Map.of(
                "message", "{{ 'Hello ' & trigger.body.name }}",
                "total", "{{ $sum(trigger.body.items) }}",
                "text", "Run {{ run.id }} for {{ trigger.body.name }}",
                "plain", "no expression here");

        System.out.printf("cores (nproc): %d%n", Runtime.getRuntime().availableProcessors());
        report("one expression, typed", seconds, () -> templates.render("{{ steps.greet.output.message }}", scope));
        report("two expressions spliced into text", seconds,
                () -> templates.render("Run {{ run.id }} for {{ trigger.body.name }}", scope));
        report("transform output (4 members, 4 expressions)", seconds, () -> templates.render(transform, scope));
        report("condition", seconds, () -> templates.test("{{ trigger.body.vip = true }}", scope));
        report("plain string (no expression)", seconds, () -> templates.render("no expression here", scope));
    }

    private static void report(String name, int seconds, Supplier<Object> operation) {
        for (long end = System.nanoTime() + 1_000_000_000L; System.nanoTime() < end; ) {
            operation.get(); // warm up
        }
        List<Double> rates = new ArrayList<>();
        for (int run = 0; run < 3; run++) {
            long count = 0;
            long start = System.nanoTime();
            long end = start + seconds * 1_000_000_000L;
            while (System.nanoTime() < end) {
                operation.get();
                count++;
            }
            rates.add(count / ((System.nanoTime() - start) / 1e9));
        }
        Collections.sort(rates);
        System.out.printf("%-46s median %,10.0f ops/s  (runs: %,.0f / %,.0f / %,.0f)%n",
                name, rates.get(1), rates.get(0), rates.get(1), rates.get(2));
    }
}
