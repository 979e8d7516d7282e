package io.levqor.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.workflow.internal.DefinitionParser;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The {@code switch} step as the validator reads it: nested steps, every problem at its JSON pointer. */
class SwitchDefinitionTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    // A generous time box: the first expressions a cold JVM compiles on a busy machine may take a while.
    private final DefinitionParser parser = new DefinitionParser(
            FakeStepTypes.all(),
            Templates.withDefaults(),
            100,
            null,
            new DefinitionParser.Limits(256 * 1024, 16_384, 200, 2_000, 65_536, java.time.Duration.ofSeconds(30), 50));

    private DefinitionParser.Result parse(String json) {
        return parser.parse(JSON.readValue(json.replace('\'', '"'), Object.class));
    }

    private List<String> errors(String json) {
        return parse(json).errors().stream()
                .map(e -> e.field() + ": " + e.message())
                .toList();
    }

    @Test
    void readsCasesDefaultAndNestedSwitches() {
        DefinitionParser.Result result = parse("""
                {'trigger': {'type': 'manual'}, 'steps': [
                  {'id': 'check', 'type': 'switch', 'cases': [
                     {'name': 'big', 'when': '{{ trigger.input.amount > 100 }}', 'steps': [
                        {'id': 'inner', 'type': 'switch', 'cases': [
                           {'name': 'vip', 'when': '{{ steps.check.output.branch = \\"big\\" }}', 'steps': [
                              {'id': 'notify', 'type': 'http', 'url': 'https://example.com/in'}]}]}]},
                     {'name': 'small', 'when': true, 'steps': []}],
                   'default': [{'id': 'fallback', 'type': 'transform', 'output': 1}]},
                  {'id': 'after', 'type': 'transform',
                   'output': '{{ [steps.check.output.branch, steps.notify.output, steps.fallback.output] }}'}],
                 'output': '{{ steps.inner.output }}'}
                """);

        assertThat(result.errors()).isEmpty();
        Definition definition = result.definition();
        StepDefinition check = definition.steps().get(0);
        assertThat(check.isSwitch()).isTrue();
        assertThat(check.cases()).extracting(StepDefinition.Case::name).containsExactly("big", "small");
        assertThat(check.cases().get(1).when()).isEqualTo(true);
        assertThat(check.otherwise()).extracting(StepDefinition::id).containsExactly("fallback");
        assertThat(check.fields()).isEmpty();
        assertThat(definition.step("notify")).map(StepDefinition::type).contains("http");
        assertThat(definition.steps()).extracting(StepDefinition::id).containsExactly("check", "after");
    }

    @Test
    void reportsEveryProblemInsideTheBranchesAtItsPointer() {
        assertThat(errors("""
                {'trigger': {'type': 'manual'}, 'steps': [
                  {'id': 'a', 'type': 'transform', 'output': 1},
                  {'id': 'check', 'type': 'switch', 'retry': {}, 'cases': [
                     {'name': 'one', 'when': 'yes', 'steps': [
                        {'id': 'call', 'type': 'http', 'url': 42},
                        {'id': 'a', 'type': 'transform', 'output': 1}]},
                     {'name': 'one', 'when': '{{ steps.later.output }}', 'steps': [
                        {'id': 'peek', 'type': 'transform', 'output': '{{ steps.call.output }}'},
                        {'id': 'x', 'type': 'nope'}], 'extra': 1},
                     {'when': true}],
                   'default': 'no'},
                  {'id': 'later', 'type': 'transform', 'output': '{{ steps.call.output }}'}]}
                """))
                .containsExactlyInAnyOrder(
                        "/steps/1/retry: is not a member of a switch step (id, type, if, cases, default, onError)",
                        "/steps/1/cases/0/when: must be true, false or a \"{{ … }}\" expression",
                        "/steps/1/cases/0/steps/0/url: must be a string",
                        "/steps/1/cases/0/steps/1/id: duplicates the id of an earlier step: 'a'",
                        "/steps/1/cases/1/extra: is not a member of a case (name, when, steps)",
                        "/steps/1/cases/1/name: must differ from the other cases' names and from \"default\"",
                        "/steps/1/cases/1/when: refers to step 'later', which is not an earlier step",
                        "/steps/1/cases/1/steps/0/output: refers to step 'call', which is not an earlier step",
                        "/steps/1/cases/1/steps/1/type: must be a known step type (delay, filter, forEach, http, parallel,"
                                + " switch, transform, wait, workflow)",
                        "/steps/1/cases/2/name: is required",
                        "/steps/1/cases/2/steps: is required (a list of steps, possibly empty)",
                        "/steps/1/default: must be an array of steps");
    }

    @Test
    void aSwitchNeedsCasesAndMayNotNestTooDeep() {
        assertThat(errors("{'trigger': {'type': 'manual'}, 'steps': [{'id': 's', 'type': 'switch'}]}"))
                .containsExactly("/steps/0/cases: is required (a list of {name, when, steps})");
        String nested = "{'id': 'leaf', 'type': 'transform', 'output': 1}";
        for (int depth = 11; depth >= 0; depth--) {
            nested = "{'id': 's" + depth + "', 'type': 'switch', 'cases': [{'name': 'c', 'when': true, 'steps': ["
                    + nested + "]}]}";
        }
        assertThat(errors("{'trigger': {'type': 'manual'}, 'steps': [" + nested + "]}"))
                .containsExactly(
                        "/steps/0/cases/0/steps/0/cases/0/steps/0/cases/0/steps/0/cases/0/steps/0/cases/0/steps/0"
                                + "/cases/0/steps/0/cases/0/steps/0/cases/0/steps/0/cases/0/steps/0/cases/0/steps/0:"
                                + " nests switches more than 10 deep");
    }

    @Test
    void onErrorIsFailOrContinueOnAnyStep() {
        DefinitionParser.Result ok = parse("""
                {'trigger': {'type': 'manual'}, 'steps': [
                  {'id': 'a', 'type': 'transform', 'output': 1, 'onError': 'continue'},
                  {'id': 's', 'type': 'switch', 'onError': 'fail', 'cases': [{'name': 'c', 'when': true, 'steps': []}]}]}
                """);
        assertThat(ok.errors()).isEmpty();
        assertThat(ok.definition().steps().get(0).continueOnError()).isTrue();
        assertThat(ok.definition().steps().get(1).continueOnError()).isFalse();
        assertThat(errors("""
                {'trigger': {'type': 'manual'}, 'steps': [
                  {'id': 's', 'type': 'switch', 'cases': [{'name': 'c', 'when': true, 'steps': [
                     {'id': 'a', 'type': 'transform', 'output': 1, 'onError': 'ignore'}]}]}]}
                """)).containsExactly("/steps/0/cases/0/steps/0/onError: must be \"fail\" or \"continue\"");
    }

    @Test
    void aRunTimeoutIsADurationOfAtMostThirtyDays() {
        DefinitionParser.Result ok = parse("{'trigger': {'type': 'manual'}, 'steps': [], 'timeout': '1h'}");
        assertThat(ok.definition().timeout()).isEqualTo(java.time.Duration.ofHours(1));
        assertThat(parse("{'trigger': {'type': 'manual'}, 'steps': []}")
                        .definition()
                        .timeout())
                .isNull();
        assertThat(errors("{'trigger': {'type': 'manual'}, 'steps': [], 'timeout': '31d'}"))
                .containsExactly("/timeout: must be more than 0s and at most 30d");
        assertThat(errors("{'trigger': {'type': 'manual'}, 'steps': [], 'timeout': 5}"))
                .containsExactly("/timeout: must be a duration like \"10s\", \"5m\" or \"PT1M30S\"");
    }

    @Test
    void aWaitNeedsASignalAndAtMostThirtyDays() {
        DefinitionParser.Result ok = parse("{'trigger': {'type': 'manual'}, 'steps': [{'id': 'w', 'type': 'wait',"
                + " 'for': 'signal', 'signal': 'approval', 'timeout': '3d', 'onTimeout': 'continue'}]}");
        StepDefinition wait = ok.definition().steps().get(0);
        assertThat(wait.isWait()).isTrue();
        assertThat(wait.timeout()).isEqualTo(java.time.Duration.ofDays(3));
        assertThat(wait.fields()).containsEntry("signal", "approval").containsEntry("onTimeout", "continue");
        assertThat(errors("{'trigger': {'type': 'manual'}, 'steps': [{'id': 'w', 'type': 'wait', 'for': 'event',"
                        + " 'timeout': '40d', 'onTimeout': 'skip', 'url': 'x'}]}"))
                .containsExactlyInAnyOrder(
                        "/steps/0/url: is not a member of a wait step (id, type, if, for, signal, timeout, onTimeout,"
                                + " onError, until)",
                        "/steps/0/for: must be \"signal\"",
                        "/steps/0/signal: is required",
                        "/steps/0/timeout: must be more than 0s and at most 30d",
                        "/steps/0/onTimeout: must be \"fail\" or \"continue\"");
    }

    @Test
    void nestedStepsCountTowardsTheStepLimit() {
        var small = new DefinitionParser(FakeStepTypes.all(), Templates.withDefaults(), 2, null);
        var result = small.parse(JSON.readValue("""
                {"trigger": {"type": "manual"}, "steps": [{"id": "s", "type": "switch", "cases": [
                   {"name": "c", "when": true, "steps": [
                      {"id": "a", "type": "transform", "output": 1}, {"id": "b", "type": "transform", "output": 1}]}]}]}
                """, Object.class));
        assertThat(result.errors())
                .extracting(e -> e.field() + ": " + e.message())
                .containsExactly("/steps: must have at most 2 steps, counting those inside switches");
    }
}
