package io.levqor.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplatesTests {

    private final Templates templates = Templates.withDefaults();

    private final Map<String, Object> scope = Map.of(
            "trigger",
            Map.of("body", Map.of("name", "Ada", "vip", true, "count", 3, "tags", List.of("a", "b"))),
            "steps",
            Map.of("greet", Map.of("output", Map.of("message", "Hello Ada"))),
            "run",
            Map.of("id", "r-1", "workflowId", "w-1"));

    @Test
    void aWholeExpressionKeepsItsJsonType() {
        assertThat(templates.render("{{ trigger.body.count }}", scope)).isEqualTo(3L);
        assertThat(templates.render("{{ trigger.body.vip }}", scope)).isEqualTo(true);
        assertThat(templates.render("{{ trigger.body.tags }}", scope)).isEqualTo(List.of("a", "b"));
        assertThat(templates.render("{{ steps.greet.output }}", scope)).isEqualTo(Map.of("message", "Hello Ada"));
        assertThat(templates.render("{{ 1.5 * 2 }}", scope)).isEqualTo(3L);
        assertThat(templates.render("{{ 1 / 4 }}", scope)).isEqualTo(0.25);
        assertThat(templates.render("{{ trigger.body.missing }}", scope)).isNull();
        assertThat(templates.render("  {{ trigger.body.count }} ", scope)).isEqualTo(3L);
    }

    @Test
    void expressionsInsideTextAreSplicedIn() {
        assertThat(templates.render("Hi {{ trigger.body.name }}, you have {{ trigger.body.count }} items", scope))
                .isEqualTo("Hi Ada, you have 3 items");
        assertThat(templates.render("tags: {{ trigger.body.tags }}", scope)).isEqualTo("tags: [\"a\",\"b\"]");
        assertThat(templates.render("[{{ trigger.body.missing }}]", scope)).isEqualTo("[]");
        assertThat(templates.render("{{ 'Hello ' & trigger.body.name }}", scope))
                .isEqualTo("Hello Ada");
    }

    @Test
    void mapsAndListsAreWalked() {
        Object rendered = templates.render(
                Map.of("text", "{{ steps.greet.output.message }}", "list", List.of("{{ run.id }}", 7, "plain")), scope);
        assertThat(rendered).isEqualTo(Map.of("text", "Hello Ada", "list", List.of("r-1", 7, "plain")));
    }

    @Test
    void anObjectConstructorWithClosingBracesIsOneExpression() {
        assertThat(templates.render("{{ {\"a\": {\"b\": trigger.body.count}} }}", scope))
                .isEqualTo(Map.of("a", Map.of("b", 3L)));
        assertThat(templates.render("{{ '}}' & trigger.body.name }}", scope)).isEqualTo("}}Ada");
    }

    @Test
    void conditionsFollowJsonataTruthiness() {
        assertThat(templates.test(null, scope)).isTrue();
        assertThat(templates.test(true, scope)).isTrue();
        assertThat(templates.test(false, scope)).isFalse();
        assertThat(templates.test("{{ trigger.body.vip = true }}", scope)).isTrue();
        assertThat(templates.test("{{ trigger.body.count > 5 }}", scope)).isFalse();
        assertThat(templates.test("{{ trigger.body.missing }}", scope)).isFalse();
        assertThat(templates.test("{{ trigger.body.tags }}", scope)).isTrue();
    }

    @Test
    void problemsNameExpressionsThatDoNotParse() {
        assertThat(templates.problems(Map.of("ok", "{{ a.b }}", "bad", List.of("{{ a.( }}"))))
                .singleElement()
                .asString()
                .contains("a.(");
        assertThat(templates.problems("{{ unclosed")).singleElement().asString().contains("never closed");
        assertThat(templates.problems("no expressions here")).isEmpty();
    }

    @Test
    void aFailingExpressionSaysWhichAndWhy() {
        assertThatThrownBy(() -> templates.render("{{ $number('x') }}", scope))
                .isInstanceOf(ExpressionFailed.class)
                .hasMessageContaining("$number('x')");
    }

    @Test
    void infiniteRecursionIsStopped() {
        assertThatThrownBy(() -> templates.render("{{ ($f := function($x) { 1 + $f($x + 1) }; $f(0)) }}", scope))
                .isInstanceOf(ExpressionFailed.class)
                .hasMessageContaining("recursed deeper");
    }

    @Test
    void anEndlessTailLoopTimesOut() {
        // Tail calls do not deepen the stack, so only the time limit stops this one.
        assertThatThrownBy(() -> templates.render(
                        "{{ ($loop := function($n) { $n < 0 ? $n : $loop($n + 1) }; $loop(0)) }}", scope))
                .isInstanceOf(ExpressionFailed.class)
                .hasMessageMatching(".*(timed out|recursed deeper).*");
    }

    @Test
    void aHugeRangeIsRefused() {
        assertThatThrownBy(() -> templates.render("{{ [1..100000000] }}", scope))
                .isInstanceOf(ExpressionFailed.class);
        assertThatThrownBy(() -> templates.render("{{ $sum([1..100000000]) }}", scope))
                .isInstanceOf(ExpressionFailed.class);
    }

    @Test
    void aHugeResultIsRefused() {
        assertThatThrownBy(() -> templates.render("{{ [1..5000000] }}", scope))
                .isInstanceOf(ExpressionFailed.class)
                .hasMessageMatching(".*(characters|timed out).*");
    }

    @Test
    void deepNestingIsRefused() {
        String deep = "(".repeat(5000) + "1" + ")".repeat(5000);
        assertThatThrownBy(() -> templates.render("{{ " + deep + " }}", scope)).isInstanceOf(ExpressionFailed.class);
    }

    @Test
    void aLoopOverAMillionItemsTimesOut() {
        assertThatThrownBy(() -> templates.render(
                        "{{ $length($join($map([1..1000000], function($v) { $string($v) & 'xxxxxxxxxx' }))) }}", scope))
                .isInstanceOf(ExpressionFailed.class)
                .hasMessageContaining("timed out");
    }

    @Test
    void paddingIsCappedAndLinear() {
        assertThat(templates.render("{{ $pad('x', 4) }}", scope)).isEqualTo("x   ");
        assertThat(templates.render("{{ $pad('x', -4, '#') }}", scope)).isEqualTo("###x");
        assertThat(templates.render("{{ $pad('abc', 2) }}", scope)).isEqualTo("abc");
        assertThat(templates.render("{{ $length($pad('', 500000, 'ab')) }}", scope))
                .isEqualTo(500000L);
        assertThatThrownBy(() -> templates.render("{{ $pad('x', 100000000) }}", scope))
                .isInstanceOf(ExpressionFailed.class)
                .hasMessageContaining("padded beyond");
    }

    @Test
    void regularExpressionsThatBacktrackExponentiallyAreRefused() {
        assertThat(templates.problems("{{ $contains(trigger.body.name, /^(a+)+b$/) }}"))
                .singleElement()
                .asString()
                .contains("nested quantifier");
        assertThat(templates.problems("{{ (trigger.body.count + 1) * 2 }}")).isEmpty();
        assertThat(templates.render("{{ $replace('aab', /(a|b)+/, 'x') }}", scope))
                .isEqualTo("x");
        assertThat(templates.render("{{ 6 / 2 / 3 }}", scope)).isEqualTo(1L);
    }

    @Test
    void compiledExpressionsAreSharedSafelyBetweenThreads() throws Exception {
        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<Object>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 200; i++) {
                int n = i;
                results.add(pool.submit(() -> templates.render("{{ n * 2 }}", Map.of("n", n))));
            }
            for (int i = 0; i < 200; i++) {
                assertThat(results.get(i).get()).isEqualTo((long) i * 2);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
