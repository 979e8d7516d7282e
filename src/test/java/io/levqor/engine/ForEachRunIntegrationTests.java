package io.levqor.engine;

import static io.levqor.engine.EngineFixtures.transform;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.levqor.connectors.StepRequest;
import io.levqor.engine.internal.Worker;
import io.levqor.engine.jdbc.JobQueue;
import io.levqor.shared.WorkspaceId;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.workflow.WorkflowView;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Runs through {@code forEach} steps on real PostgreSQL: a thousand http items at concurrency 10 under both
 * {@code onItemError}s, {@code item} and {@code index}, a switch in a loop and a loop in a switch, output order,
 * the item limit, and a loop interrupted midway that resumes without running its finished items again.
 */
@LevqorIntegrationTest
class ForEachRunIntegrationTests {

    @Autowired
    org.springframework.context.ApplicationContext context;

    @Autowired
    Runs runs;

    @Autowired
    Worker worker;

    @Autowired
    JobQueue queue;

    @Autowired
    JdbcClient jdbc;

    private HttpServer peer;
    private final Map<String, AtomicInteger> keys = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger mostInFlight = new AtomicInteger();
    private EngineFixtures fixtures;
    private final WorkspaceId workspace = WorkspaceId.newId();

    @BeforeEach
    void setUp() throws IOException {
        fixtures = new EngineFixtures(context);
        ScriptedStep.reset();
        peer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        peer.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        // Answers {"n": i} for /in?i=<i>, and 422 (a failure no retry mends) for every i ending in 07.
        peer.createContext("/in", exchange -> {
            mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                keys.computeIfAbsent(exchange.getRequestHeaders().getFirst("Idempotency-Key"), k -> new AtomicInteger())
                        .incrementAndGet();
                exchange.getRequestBody().readAllBytes();
                int i = Integer.parseInt(exchange.getRequestURI().getQuery().substring(2));
                byte[] answer = ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(i % 100 == 7 ? 422 : 200, answer.length);
                exchange.getResponseBody().write(answer);
            } finally {
                inFlight.decrementAndGet();
                exchange.close();
            }
        });
        peer.start();
    }

    @AfterEach
    void tearDown() {
        peer.stop(0);
        ScriptedStep.release.countDown();
    }

    private String url() {
        return "http://127.0.0.1:" + peer.getAddress().getPort() + "/in?i={{ item }}";
    }

    private static Map<String, Object> forEach(
            String id, Object items, int concurrency, String onItemError, List<?> steps) {
        var step = new LinkedHashMap<String, Object>();
        step.put("id", id);
        step.put("type", "forEach");
        step.put("items", items);
        step.put("concurrency", concurrency);
        step.put("onItemError", onItemError);
        step.put("steps", steps);
        return step;
    }

    private WorkflowView workflow(List<Map<String, Object>> steps, Object output) {
        return fixtures.workflow(
                workspace, Map.of("trigger", Map.of("type", "manual"), "steps", steps, "output", output));
    }

    private WorkflowView thousandCalls(String onItemError) {
        return workflow(
                List.of(forEach(
                        "each",
                        "{{ [0..999] }}",
                        10,
                        onItemError,
                        List.of(
                                Map.of("id", "call", "type", "http", "method", "GET", "url", url()),
                                transform("n", "{{ steps.call.output.body.n }}")))),
                "{{ steps.each.output }}");
    }

    @Test
    void aThousandItemsAtConcurrencyTenUnderContinueGiveEveryOutputInItemOrder() {
        UUID runId = fixtures.start(workspace, thousandCalls("continue"), Map.of());
        RunView run = fixtures.awaitEnd(workspace, runId);

        assertThat(run.status()).isEqualTo("succeeded");
        List<?> output = (List<?>) run.output();
        assertThat(output).hasSize(1_000);
        for (int i = 0; i < 1_000; i++) {
            if (i % 100 == 7) {
                assertThat(((Map<?, ?>) output.get(i)).keySet()).isEqualTo(Set.of("error"));
                assertThat(output.get(i).toString()).contains("each[" + i + "].call", "HTTP 422");
            } else {
                assertThat(output.get(i)).as("item %d", i).isEqualTo(i);
            }
        }
        assertThat(mostInFlight.get()).isLessThanOrEqualTo(10);
        // One call per item, each with a key naming its item.
        assertThat(keys.keySet())
                .isEqualTo(IntStream.range(0, 1_000)
                        .mapToObj(i -> runId + ":each[" + i + "].call")
                        .collect(Collectors.toSet()));
        assertThat(keys.values()).allMatch(count -> count.get() == 1);
        // The run's view shows each item's steps with their path and item index.
        assertThat(run.steps()).hasSize(1 + 1_000 + 990);
        RunView.Step call = run.steps().stream()
                .filter(s -> s.path().equals("each[17].call"))
                .findFirst()
                .orElseThrow();
        assertThat(call.item()).isEqualTo(17);
        assertThat(call.id()).isEqualTo("call");
        // The loop's own entry is recorded when it ends, after its items'.
        RunView.Step loop = run.steps().getLast();
        assertThat(loop.path()).isEqualTo("each");
        assertThat(loop.item()).isNull();
        Map<?, ?> summary = (Map<?, ?>) loop.attempts().get(0).output();
        assertThat(summary.get("items")).isEqualTo(1_000);
        assertThat(summary.get("failed")).isEqualTo(List.of(7, 107, 207, 307, 407, 507, 607, 707, 807, 907));
    }

    @Test
    void aThousandItemsAtConcurrencyTenUnderFailStopAtTheFirstFailedItem() {
        UUID runId = fixtures.start(workspace, thousandCalls("fail"), Map.of());
        RunView run = fixtures.awaitEnd(workspace, runId);

        assertThat(run.status()).isEqualTo("failed");
        assertThat(run.error()).matches("step each: item (\\d*0)?7: step each\\[(\\d*0)?7]\\.call: .*HTTP 422 .*");
        assertThat(mostInFlight.get()).isLessThanOrEqualTo(10);
        // Items after the failure are not started: at most the ones in flight then went on.
        assertThat(keys).hasSizeLessThan(1_000);
        assertThat(run.steps().stream().filter(s -> s.path().equals("each")))
                .extracting(RunView.Step::status)
                .containsExactly("failed");
    }

    @Test
    void itemAndIndexReachNestedSwitchesAndALoopInsideASwitchKeepingItemOrder() {
        Map<String, Object> parity = new LinkedHashMap<>();
        parity.put("id", "parity");
        parity.put("type", "switch");
        parity.put(
                "cases",
                List.of(Map.of(
                        "name",
                        "even",
                        "when",
                        "{{ index % 2 = 0 }}",
                        "steps",
                        List.of(transform("even", "{{ item & '#' & index & '/' & steps.first.output }}")))));
        parity.put("default", List.of(transform("odd", "{{ $uppercase(item) }}")));
        Map<String, Object> route = new LinkedHashMap<>();
        route.put("id", "route");
        route.put("type", "switch");
        route.put(
                "cases",
                List.of(Map.of(
                        "name",
                        "loop",
                        "when",
                        true,
                        "steps",
                        List.of(forEach(
                                "inner",
                                "{{ trigger.input.words }}",
                                3,
                                "fail",
                                List.of(transform("len", "{{ $length(item) * (index + 1) }}")))))));
        WorkflowView workflow = workflow(
                List.of(
                        transform("first", "x"),
                        forEach("each", "{{ trigger.input.words }}", 2, "fail", List.of(parity)),
                        route,
                        transform(
                                "after",
                                Map.of("each", "{{ steps.each.output }}", "route", "{{ steps.route.output }}"))),
                "{{ steps.after.output }}");

        RunView run = fixtures.awaitEnd(
                workspace,
                fixtures.start(workspace, workflow, Map.of("words", List.of("a", "bb", "ccc", "dddd", "e"))));

        assertThat(run.status()).as(String.valueOf(run.error())).isEqualTo("succeeded");
        Map<?, ?> output = (Map<?, ?>) run.output();
        assertThat(output.get("each"))
                .isEqualTo(List.of(
                        Map.of("branch", "even", "output", "a#0/x"),
                        Map.of("branch", "default", "output", "BB"),
                        Map.of("branch", "even", "output", "ccc#2/x"),
                        Map.of("branch", "default", "output", "DDDD"),
                        Map.of("branch", "even", "output", "e#4/x")));
        assertThat(output.get("route")).isEqualTo(Map.of("branch", "loop", "output", List.of(1, 4, 9, 16, 5)));
        assertThat(run.steps())
                .extracting(RunView.Step::path)
                .contains(
                        "each[0].parity",
                        "each[0].parity.cases[0].even",
                        "each[1].parity.default.odd",
                        "route.cases[0].inner",
                        "route.cases[0].inner[4].len");
        assertThat(run.steps().stream()
                        .filter(s -> s.path().equals("each[3].parity.default.odd"))
                        .map(RunView.Step::item))
                .containsExactly(3);
    }

    @Test
    void aTransformItemIsStoredInItsLoopItemRowAloneYetTheRunShowsItsStepAttempt() {
        WorkflowView workflow = workflow(
                List.of(
                        transform("first", 10),
                        forEach(
                                "each",
                                "{{ [0..199] }}",
                                10,
                                "continue",
                                List.of(transform(
                                        "double",
                                        "{{ item = 150 ? $error('no 150') : item * 2 + steps.first.output }}")))),
                "{{ steps.each.output }}");

        UUID runId = fixtures.start(workspace, workflow, Map.of());
        RunView run = fixtures.awaitEnd(workspace, runId);

        assertThat(run.status()).as(String.valueOf(run.error())).isEqualTo("succeeded");
        // Only the failed item's attempt is a step_attempt row: the others' loop_item rows stand for them.
        assertThat(jdbc.sql("SELECT coalesce(path, step_id) FROM step_attempt WHERE tenant_id = :t AND run_id = :r"
                                + " ORDER BY seq")
                        .param("t", workspace.value())
                        .param("r", runId)
                        .query(String.class)
                        .list())
                .containsExactly("first", "each[150].double", "each");
        assertThat(jdbc.sql("SELECT count(*) FROM loop_item WHERE tenant_id = :t AND run_id = :r"
                                + " AND step_id = 'double' AND step_type = 'transform' AND started_at IS NOT NULL"
                                + " AND finished_at >= started_at")
                        .param("t", workspace.value())
                        .param("r", runId)
                        .query(Long.class)
                        .single())
                .isEqualTo(199L);
        // The run's detail still shows every item's step, before the loop's own, with its input and output.
        List<RunView.Step> steps = run.steps();
        assertThat(steps).hasSize(1 + 200 + 1);
        assertThat(steps.getFirst().path()).isEqualTo("first");
        assertThat(steps.getLast().path()).isEqualTo("each");
        assertThat(steps.subList(1, 201))
                .extracting(RunView.Step::path)
                .containsExactlyInAnyOrderElementsOf(IntStream.range(0, 200)
                        .mapToObj(i -> "each[" + i + "].double")
                        .toList());
        RunView.Step seventeen = steps.stream()
                .filter(s -> s.path().equals("each[17].double"))
                .findFirst()
                .orElseThrow();
        assertThat(seventeen.id()).isEqualTo("double");
        assertThat(seventeen.type()).isEqualTo("transform");
        assertThat(seventeen.status()).isEqualTo("succeeded");
        assertThat(seventeen.item()).isEqualTo(17);
        assertThat(seventeen.attempts()).hasSize(1);
        RunView.Attempt attempt = seventeen.attempts().getFirst();
        assertThat(attempt.number()).isEqualTo(1);
        assertThat(attempt.input()).isEqualTo(Map.of("output", 44));
        assertThat(attempt.output()).isEqualTo(44);
        assertThat(attempt.error()).isNull();
        assertThat(attempt.finishedAt()).isAfterOrEqualTo(attempt.startedAt());
        RunView.Step failed = steps.stream()
                .filter(s -> s.path().equals("each[150].double"))
                .findFirst()
                .orElseThrow();
        assertThat(failed.status()).isEqualTo("failed");
        assertThat(failed.attempts().getFirst().error()).contains("no 150");
        assertThat(((List<?>) run.output()).get(17)).isEqualTo(44);
    }

    @Test
    void aLoopOverMoreItemsThanTheLimitFailsItsStepWithoutRunningAny() {
        WorkflowView workflow = workflow(
                List.of(forEach(
                        "each",
                        "{{ [0..10000] }}",
                        10,
                        "continue",
                        List.of(Map.of("id", "call", "type", "scripted", "echo", "{{ item }}")))),
                "{{ steps.each.output }}");

        RunView run = fixtures.awaitEnd(workspace, fixtures.start(workspace, workflow, Map.of()));

        assertThat(run.status()).isEqualTo("failed");
        assertThat(run.error())
                .isEqualTo("step each: items: 10001 items; a loop may have at most 10000"
                        + " (levqor.engine.loops.max-items)");
        assertThat(ScriptedStep.calls).isEmpty();
    }

    @Test
    void aLoopInterruptedMidwayResumesWithoutRunningItsFinishedItemsAgain() {
        // Items 0-19 finish at once; 20-23 block until released, so the loop is caught midway.
        WorkflowView workflow = workflow(
                List.of(forEach(
                        "each",
                        "{{ [0..39] }}",
                        4,
                        "fail",
                        List.of(Map.of(
                                "id", "s", "type", "scripted", "block", "{{ index >= 20 }}", "echo", "{{ item }}")))),
                "{{ steps.each.output.echo }}");
        UUID runId = fixtures.start(workspace, workflow, Map.of());
        Eventually.await(
                "the first 20 items to be stored",
                Duration.ofSeconds(30),
                () -> jdbc.sql("SELECT count(*) FROM loop_item WHERE run_id = :id")
                        .param("id", runId)
                        .query(Long.class)
                        .single(),
                stored -> stored == 20);
        Eventually.await(
                "the blocked items to start",
                Duration.ofSeconds(30),
                () -> ScriptedStep.calls.size(),
                calls -> calls == 24);

        // The node "dies": its thread is interrupted and nothing more of the job is written; its lease runs out.
        worker.abandon(runId);
        Eventually.await(
                "the blocked items to be interrupted",
                Duration.ofSeconds(30),
                () -> ScriptedStep.interrupted.contains(runId),
                interrupted -> interrupted);
        jdbc.sql("UPDATE job SET lease_until = now() - interval '1 second' WHERE run_id = :id")
                .param("id", runId)
                .update();
        ScriptedStep.release.countDown();
        queue.releaseExpiredLeases(100);
        worker.wake();

        RunView run = fixtures.awaitEnd(workspace, runId);
        assertThat(run.status()).isEqualTo("succeeded");
        assertThat(run.output())
                .isEqualTo(IntStream.range(0, 40).mapToObj(String::valueOf).toList());
        Map<String, Long> callsByPath = ScriptedStep.calls.stream()
                .filter(c -> c.runId().equals(runId))
                .collect(Collectors.groupingBy(StepRequest::path, Collectors.counting()));
        assertThat(callsByPath).hasSize(40);
        for (int i = 0; i < 20; i++) {
            assertThat(callsByPath.get("each[" + i + "].s"))
                    .as("finished item %d", i)
                    .isEqualTo(1L);
        }
        assertThat(callsByPath.get("each[20].s"))
                .as("an item caught midway runs again")
                .isEqualTo(2L);
        // Each item's attempts are in the run's history once per try, with its item index.
        List<Integer> items = new ArrayList<>();
        run.steps().stream().filter(s -> s.id().equals("s")).forEach(s -> items.add(s.item()));
        assertThat(Set.copyOf(items)).hasSize(40);
    }
}
