package io.levqor.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.support.HttpApi;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.support.TestAccounts;
import io.levqor.support.TestAccounts.Account;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Workflows with a {@code code} step, saved and run over the API on PostgreSQL, by the worker and eagerly. */
@LevqorIntegrationTest
class CodeStepIntegrationTests {

    @Autowired
    HttpApi api;

    private TestAccounts accounts;
    private Account owner;

    @BeforeEach
    void setUp() {
        accounts = new TestAccounts(api);
        owner = accounts.signUp();
        ScriptedStep.reset();
    }

    /** A free plan allows one run a day: each hostile script gets a workspace of its own. */
    private JsonNode runInNewWorkspace(List<Map<String, Object>> steps, @Nullable Object output) {
        owner = accounts.signUp();
        return run(workflow(steps, output), Map.of());
    }

    private HttpApi.Response save(List<Map<String, Object>> steps, @Nullable Object output) {
        return api.post("/api/v1/workflows", Map.of("name", "code", "definition", definition(steps, output)))
                .bearer(owner.accessToken())
                .send();
    }

    private static Map<String, Object> definition(List<Map<String, Object>> steps, @Nullable Object output) {
        Map<String, Object> definition = new HashMap<>(Map.of("trigger", Map.of("type", "manual"), "steps", steps));
        if (output != null) {
            definition.put("output", output);
        }
        return definition;
    }

    private String workflow(List<Map<String, Object>> steps, @Nullable Object output) {
        HttpApi.Response created = save(steps, output);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    private JsonNode run(String workflowId, Map<String, Object> input) {
        HttpApi.Response started = api.post("/api/v1/workflows/" + workflowId + "/runs", Map.of("input", input))
                .bearer(owner.accessToken())
                .send();
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        String runId = started.json().get("runId").asString();
        return Eventually.await(
                "run " + runId + " to end",
                Duration.ofSeconds(30),
                () -> api.get("/api/v1/runs/" + runId)
                        .bearer(owner.accessToken())
                        .send()
                        .json(),
                run -> List.of("succeeded", "failed").contains(run.get("status").asString()));
    }

    /** A side-effect step first, so that the code step after it runs on a worker rather than eagerly. */
    private static Map<String, Object> queued() {
        return Map.of("id", "first", "type", "scripted", "echo", "{{ trigger.input.label }}");
    }

    @Test
    void computesItsOutputFromTheTriggerAndEarlierSteps() {
        String workflowId = workflow(
                List.of(
                        queued(),
                        Map.of(
                                "id",
                                "fetch",
                                "type",
                                "transform",
                                "output",
                                Map.of("items", "{{ trigger.input.items }}")),
                        Map.of("id", "total", "type", "code", "code", """
                                // Braces are JavaScript here, never a template: '{{ x }}' stays as written.
                                const sum = steps.fetch.output.items.reduce((a, b) => a + b.price, 0);
                                return {total: sum, label: steps.first.output.echo, literal: '{{ x }}', item, index};""")),
                "{{ steps.total.output }}");

        JsonNode run =
                run(workflowId, Map.of("label", "order 7", "items", List.of(Map.of("price", 2.5), Map.of("price", 4))));

        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("succeeded");
        JsonNode output = run.get("output");
        assertThat(output.get("total").asDouble()).isEqualTo(6.5);
        assertThat(output.get("label").asString()).isEqualTo("order 7");
        assertThat(output.get("literal").asString()).isEqualTo("{{ x }}");
        // Outside a loop there is no item: null, which the run's output leaves out.
        assertThat(output.path("item").isMissingNode() || output.get("item").isNull())
                .isTrue();
        assertThat(output.path("index").isMissingNode() || output.get("index").isNull())
                .isTrue();
        JsonNode attempt = run.get("steps").get(2).get("attempts").get(0);
        assertThat(attempt.get("output").get("total").asDouble()).isEqualTo(6.5);
    }

    @Test
    void hostileScriptsFailTheirRunCleanlyOnceAndTheWorkerGoesOn() {
        List<List<Map<String, Object>>> hostile = List.of(
                List.of(queued(), code("spin", "while (true) {}")),
                List.of(queued(), code("escape", "return java.lang.System.exit(1)")),
                List.of(code("bomb", "let a = []; while (true) a.push(new Array(1e6))")),
                List.of(queued(), code("huge", "return 'x'.repeat(2 * 1024 * 1024)")));

        List<String> errors = new ArrayList<>();
        for (List<Map<String, Object>> steps : hostile) {
            JsonNode run = runInNewWorkspace(steps, null);
            assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("failed");
            JsonNode attempts =
                    run.get("steps").get(run.get("steps").size() - 1).get("attempts");
            // Never retried, although the step allows 3 attempts: the same script on the same data fails the same way.
            assertThat(attempts).hasSize(1);
            errors.add(attempts.get(0).get("error").asString());
        }
        JsonNode after = runInNewWorkspace(List.of(queued(), code("ok", "return 40 + 2")), "{{ steps.ok.output }}");

        assertThat(errors.get(0)).startsWith("code-timeout:").contains("levqor.connectors.code.cpu-time");
        assertThat(errors.get(1)).startsWith("code-error:").contains("\"java\" is not defined");
        assertThat(errors.get(2)).startsWith("code-memory:").contains("levqor.connectors.code.max-allocation");
        assertThat(errors.get(3)).startsWith("code-output-too-large:");
        assertThat(after.get("status").asString()).isEqualTo("succeeded");
        assertThat(after.get("output").asInt()).isEqualTo(42);
    }

    private static Map<String, Object> code(String id, String code) {
        return Map.of("id", id, "type", "code", "code", code, "retry", Map.of("maxAttempts", 3, "initialDelay", "0s"));
    }

    @Test
    void codeThatDoesNotCompileIsRefusedWhenSavedWithItsPointerAndLine() {
        HttpApi.Response refused = save(
                List.of(
                        Map.of("id", "fine", "type", "code", "code", "return 1"),
                        Map.of("id", "broken", "type", "code", "code", "const a = 1;\nreturn a +;"),
                        Map.of("id", "empty", "type", "code", "code", "")),
                null);

        assertThat(refused.status()).isEqualTo(400);
        List<String> errors = new ArrayList<>();
        refused.json()
                .get("errors")
                .forEach(e -> errors.add(
                        e.get("field").asString() + ": " + e.get("message").asString()));
        assertThat(errors).hasSize(2);
        assertThat(errors.get(0)).startsWith("/steps/1/code: does not compile:").contains("(line 2, column");
        assertThat(errors.get(1)).startsWith("/steps/2/code:");
    }
}
