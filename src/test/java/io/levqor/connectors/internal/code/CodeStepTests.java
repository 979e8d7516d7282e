package io.levqor.connectors.internal.code;

import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.connectors.CredentialResolver;
import io.levqor.connectors.StepOutcome;
import io.levqor.connectors.StepRequest;
import io.levqor.shared.WorkspaceId;
import io.levqor.workflow.Templates;
import io.levqor.workflow.internal.DefinitionParser;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The step around the sandbox: its inputs from the run's data, its failures, and how definitions are checked. */
class CodeStepTests {

    private static final CodeStep STEP = new CodeStep(CodeSettings.defaults());

    @AfterAll
    static void close() {
        STEP.close();
    }

    private static StepOutcome execute(String code, Map<String, Object> data) throws InterruptedException {
        return STEP.execute(new StepRequest(
                WorkspaceId.newId(),
                UUID.randomUUID(),
                UUID.randomUUID(),
                "total",
                1,
                Map.of("code", code),
                Duration.ofSeconds(30),
                CredentialResolver.NONE,
                data,
                "total"));
    }

    @Test
    void readsTheRunsDataAndLoopItem() throws InterruptedException {
        Map<String, Object> data = Map.of(
                "trigger", Map.of("body", Map.of("n", 2)),
                "steps", Map.of("fetch", Map.of("output", Map.of("items", List.of(Map.of("price", 3))))),
                "run", Map.of("id", "r"),
                "item", "apple",
                "index", 4);

        StepOutcome outcome = execute(
                "return {total: steps.fetch.output.items.reduce((a, b) => a + b.price, 0) * trigger.body.n, item, index}",
                data);

        assertThat(outcome).isEqualTo(StepOutcome.succeeded(Map.of("total", 6L, "item", "apple", "index", 4L)));
    }

    @Test
    void failsForGoodWithItsCode() throws InterruptedException {
        StepOutcome outcome = execute("throw new Error('no')", Map.of());

        assertThat(outcome).isInstanceOfSatisfying(StepOutcome.Failed.class, failed -> {
            assertThat(failed.retryable()).isFalse();
            assertThat(failed.error()).startsWith("code-error: Error: no");
            assertThat(failed.output()).isEqualTo(Map.of("error", "code-error", "message", "Error: no (line 1)"));
        });
    }

    @Test
    void aDefinitionIsCheckedAtThePointerOfItsCodeWhichIsNoTemplate() {
        var parser = new DefinitionParser(List.of(STEP), Templates.withDefaults(), 100, null);

        var refused = parser.parse(Map.of(
                "trigger", Map.of("type", "manual"),
                "steps",
                        List.of(
                                Map.of("id", "a", "type", "code", "code", "return '{{ not jsonata ((('"),
                                Map.of("id", "b", "type", "code", "code", "return {a: 1"),
                                Map.of("id", "c", "type", "code"))));

        assertThat(refused.errors())
                .extracting(e -> e.field() + ": " + e.message())
                .satisfiesExactly(
                        first -> assertThat(first)
                                .startsWith("/steps/1/code: does not compile:")
                                .endsWith("(at the end of the script)"),
                        second -> assertThat(second).startsWith("/steps/2/code:"));
    }
}
