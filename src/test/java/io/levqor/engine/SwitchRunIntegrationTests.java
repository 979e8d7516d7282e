package io.levqor.engine;

import static io.levqor.engine.EngineFixtures.transform;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.levqor.shared.WorkspaceId;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.workflow.WorkflowView;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Runs through {@code switch} steps on real PostgreSQL: each case, the default, nesting, side effects, retry. */
@LevqorIntegrationTest
class SwitchRunIntegrationTests {

    @Autowired
    org.springframework.context.ApplicationContext context;

    @Autowired
    Runs runs;

    private HttpServer peer;
    private final List<String> idempotencyKeys = new CopyOnWriteArrayList<>();
    private EngineFixtures fixtures;
    private final WorkspaceId workspace = WorkspaceId.newId();

    @BeforeEach
    void setUp() throws IOException {
        fixtures = new EngineFixtures(context);
        ScriptedStep.reset();
        peer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        peer.createContext("/in", exchange -> {
            idempotencyKeys.add(exchange.getRequestHeaders().getFirst("Idempotency-Key"));
            byte[] answer = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        peer.start();
    }

    @AfterEach
    void tearDown() {
        peer.stop(0);
        ScriptedStep.release.countDown();
    }

    private static Map<String, Object> switchStep(String id, List<Map<String, Object>> cases, List<?> otherwise) {
        var step = new LinkedHashMap<String, Object>();
        step.put("id", id);
        step.put("type", "switch");
        step.put("cases", cases);
        step.put("default", otherwise);
        return step;
    }

    private static Map<String, Object> branch(String name, Object when, List<?> steps) {
        return Map.of("name", name, "when", when, "steps", steps);
    }

    private WorkflowView workflow(List<Map<String, Object>> steps, Object output) {
        return fixtures.workflow(
                workspace, Map.of("trigger", Map.of("type", "manual"), "steps", steps, "output", output));
    }

    /** Amount routing: big and small cases, a default; the step after the switch reads its branch and output. */
    private WorkflowView router() {
        return workflow(
                List.of(
                        switchStep(
                                "route",
                                List.of(
                                        branch(
                                                "big",
                                                "{{ trigger.input.amount > 100 }}",
                                                List.of(
                                                        transform("bigNote", "{{ 'big ' & trigger.input.amount }}"),
                                                        transform("bigTwice", "{{ steps.bigNote.output & '!' }}"))),
                                        branch(
                                                "small",
                                                "{{ trigger.input.amount > 0 }}",
                                                List.of(transform(
                                                        "smallNote", "{{ 'small/' & steps.route.output.branch }}")))),
                                List.of(transform("none", "nothing"))),
                        transform(
                                "summary",
                                Map.of(
                                        "branch", "{{ steps.route.output.branch }}",
                                        "output", "{{ steps.route.output.output }}"))),
                "{{ steps.summary.output }}");
    }

    @Test
    void theFirstTrueCaseRunsThenTheRunGoesOnAfterTheSwitch() {
        WorkflowView workflow = router();
        // Every step, nested ones included, is pure: the run ran on arrival, without the queue.
        assertThat(runs.start(workspace, workflow.id(), Map.of("amount", 1), null)
                        .status())
                .isEqualTo("succeeded");

        RunView big = fixtures.awaitEnd(workspace, fixtures.start(workspace, workflow, Map.of("amount", 500)));
        RunView small = fixtures.awaitEnd(workspace, fixtures.start(workspace, workflow, Map.of("amount", 5)));
        RunView none = fixtures.awaitEnd(workspace, fixtures.start(workspace, workflow, Map.of("amount", -1)));

        assertThat(big.status()).isEqualTo("succeeded");
        assertThat(big.output()).isEqualTo(Map.of("branch", "big", "output", "big 500!"));
        assertThat(big.steps())
                .extracting(RunView.Step::path)
                .containsExactly("route", "route.cases[0].bigNote", "route.cases[0].bigTwice", "summary");
        assertThat(big.steps().get(0).attempts().get(0).output()).isEqualTo(Map.of("branch", "big"));
        assertThat(small.output()).isEqualTo(Map.of("branch", "small", "output", "small/small"));
        assertThat(small.steps())
                .extracting(RunView.Step::path)
                .containsExactly("route", "route.cases[1].smallNote", "summary");
        assertThat(none.output()).isEqualTo(Map.of("branch", "default", "output", "nothing"));
        assertThat(none.steps())
                .extracting(RunView.Step::path)
                .containsExactly("route", "route.default.none", "summary");
    }

    @Test
    void nestedSwitchesCloseFromTheInsideOut() {
        WorkflowView workflow = workflow(
                List.of(switchStep(
                        "outer",
                        List.of(branch(
                                "yes",
                                true,
                                List.of(
                                        transform("first", 1),
                                        switchStep(
                                                "inner",
                                                List.of(branch("never", false, List.of(transform("unused", 0)))),
                                                List.of(transform("deep", "{{ steps.first.output + 1 }}")))))),
                        List.of())),
                "{{ steps.outer.output }}");

        RunView run = fixtures.awaitEnd(workspace, fixtures.start(workspace, workflow, Map.of()));

        assertThat(run.status()).isEqualTo("succeeded");
        assertThat(run.output()).isEqualTo(Map.of("branch", "yes", "output", Map.of("branch", "default", "output", 2)));
        assertThat(run.steps())
                .extracting(RunView.Step::path)
                .containsExactly(
                        "outer", "outer.cases[0].first", "outer.cases[0].inner", "outer.cases[0].inner.default.deep");
    }

    @Test
    void aSideEffectInsideACaseCarriesItsPathInTheIdempotencyKey() {
        String url = "http://127.0.0.1:" + peer.getAddress().getPort() + "/in";
        WorkflowView workflow = workflow(
                List.of(
                        Map.of("id", "call", "type", "http", "method", "POST", "url", url, "body", Map.of()),
                        switchStep(
                                "check",
                                List.of(branch(
                                        "ok",
                                        "{{ steps.call.output.status = 200 }}",
                                        List.of(Map.of(
                                                "id",
                                                "notify",
                                                "type",
                                                "http",
                                                "method",
                                                "POST",
                                                "url",
                                                url,
                                                "body",
                                                Map.of("branch", "{{ steps.check.output.branch }}"))))),
                                List.of())),
                "{{ steps.check.output.output.status }}");

        StartedRun started = runs.start(workspace, workflow.id(), Map.of(), null);
        UUID runId = started.runId();
        RunView run = fixtures.awaitEnd(workspace, runId);

        assertThat(started.status()).isEqualTo("queued");
        assertThat(run.status()).isEqualTo("succeeded");
        assertThat(run.output()).isEqualTo(200);
        assertThat(idempotencyKeys).containsExactly(runId + ":call", runId + ":check.cases[0].notify");
    }

    @Test
    void aRunThatFailedInsideACaseIsRetriedFromThatStep() {
        WorkflowView workflow = workflow(
                List.of(
                        transform("before", 1),
                        switchStep(
                                "check",
                                List.of(branch(
                                        "go",
                                        true,
                                        List.of(
                                                transform("prepare", 2),
                                                Map.of("id", "fragile", "type", "scripted", "permanent", true)))),
                                List.of()),
                        transform("after", "{{ steps.check.output.branch & '/' & steps.prepare.output }}")),
                "{{ steps.after.output }}");

        UUID runId = fixtures.start(workspace, workflow, Map.of());
        RunView failed = fixtures.awaitEnd(workspace, runId);
        assertThat(failed.status()).isEqualTo("failed");
        assertThat(failed.error()).contains("check.cases[0].fragile");

        ScriptedStep.healed.add(runId);
        runs.retry(workspace, new RunId(runId));
        RunView retried = fixtures.awaitEnd(workspace, runId);

        assertThat(retried.status()).isEqualTo("succeeded");
        assertThat(retried.output()).isEqualTo("go/2");
        assertThat(ScriptedStep.callsOf(runId, "fragile")).isEqualTo(2);
        // The steps before the failed one ran once: the replay started at the nested step.
        assertThat(retried.steps())
                .filteredOn(step -> step.id().equals("prepare"))
                .singleElement()
                .satisfies(step -> assertThat(step.attempts()).hasSize(1));
    }
}
