package io.levqor.engine;

import static io.levqor.engine.EngineFixtures.transform;
import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.engine.internal.HookKeySweeper;
import io.levqor.engine.jdbc.RunRepository;
import io.levqor.shared.WorkspaceId;
import io.levqor.support.HttpApi;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.support.MutableClock;
import io.levqor.workflow.WorkflowView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/** Webhook delivery keys: {@code Idempotency-Key} and a definition's {@code dedupe} on {@code /hooks/{token}}. */
@LevqorIntegrationTest
class HookIdempotencyIntegrationTests {

    @Autowired
    ApplicationContext context;

    @Autowired
    HttpApi api;

    @Autowired
    Runs runs;

    @Autowired
    RunRepository runRows;

    @Autowired
    HookKeySweeper sweeper;

    @Autowired
    MutableClock clock;

    private EngineFixtures fixtures;
    private final WorkspaceId workspace = WorkspaceId.newId();

    @BeforeEach
    void setUp() {
        fixtures = new EngineFixtures(context);
    }

    private WorkflowView hook(Map<String, Object> definition) {
        return fixtures.workflow(workspace, definition);
    }

    private WorkflowView asyncHook() {
        return hook(Map.of(
                "trigger",
                Map.of("type", "webhook"),
                "steps",
                List.of(transform("t", "{{ trigger.body.n }}")),
                "output",
                "{{ steps.t.output }}"));
    }

    private List<RunView> allRuns() {
        return runs.list(workspace, RunFilter.all(), null, 50).items();
    }

    private static UUID runId(HttpApi.Response response) {
        return UUID.fromString(response.json().get("runId").asString());
    }

    @Test
    void theSameIdempotencyKeyAnswersTheSameRunAndStartsNothingNew() {
        WorkflowView workflow = asyncHook();
        String path = "/hooks/" + workflow.webhookToken();

        HttpApi.Response first = api.post(path, Map.of("n", 1))
                .header("Idempotency-Key", "order-7")
                .send();
        HttpApi.Response again = api.post(path, Map.of("n", 2))
                .header("Idempotency-Key", "order-7")
                .send();
        HttpApi.Response other = api.post(path, Map.of("n", 3))
                .header("Idempotency-Key", "order-8")
                .send();
        HttpApi.Response unkeyed = api.post(path, Map.of("n", 4)).send();

        assertThat(first.status()).isEqualTo(202);
        assertThat(first.header("Idempotent-Replayed")).isNull();
        assertThat(again.status()).isEqualTo(202);
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(runId(again)).isEqualTo(runId(first));
        assertThat(runId(other)).isNotEqualTo(runId(first));
        assertThat(allRuns()).hasSize(3);
        // The first delivery's body is the one the run saw.
        assertThat(fixtures.awaitEnd(workspace, runId(first)).output()).isEqualTo(1);
    }

    @Test
    void tenConcurrentDeliveriesWithOneKeyStartOneRunAndGetTenIdenticalAnswers() throws Exception {
        WorkflowView workflow = asyncHook();
        List<Future<HttpApi.Response>> answers = new ArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        try (var pool = Executors.newFixedThreadPool(10)) {
            for (int i = 0; i < 10; i++) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return api.post("/hooks/" + workflow.webhookToken(), Map.of("n", 1))
                            .header("Idempotency-Key", "delivery-1")
                            .send();
                }));
            }
            go.countDown();
        }
        Set<UUID> ids = new HashSet<>();
        for (var answer : answers) {
            assertThat(answer.get().status()).isEqualTo(202);
            ids.add(runId(answer.get()));
        }
        assertThat(ids).hasSize(1);
        assertThat(allRuns()).extracting(RunView::id).containsExactlyElementsOf(ids);
        assertThat(fixtures.awaitEnd(workspace, ids.iterator().next()).status()).isEqualTo("succeeded");
    }

    @Test
    void concurrentSyncDeliveriesAllAnswerTheOneRunsOutput() throws Exception {
        WorkflowView workflow = hook(Map.of(
                "trigger",
                Map.of("type", "webhook", "respond", "sync"),
                "steps",
                List.of(transform("t", Map.of("run", "{{ run.id }}"))),
                "output",
                "{{ steps.t.output }}"));
        List<Future<HttpApi.Response>> answers = new ArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        try (var pool = Executors.newFixedThreadPool(10)) {
            for (int i = 0; i < 10; i++) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return api.post("/hooks/" + workflow.webhookToken(), Map.of())
                            .header("Idempotency-Key", "sync-1")
                            .send();
                }));
            }
            go.countDown();
        }
        List<RunView> stored = allRuns();
        assertThat(stored).hasSize(1);
        for (var answer : answers) {
            assertThat(answer.get().status()).isEqualTo(200);
            assertThat(answer.get().json().get("run").asString())
                    .isEqualTo(stored.get(0).id().toString());
        }
        // A late replay, after the run ended, answers its output too.
        HttpApi.Response late = api.post("/hooks/" + workflow.webhookToken(), Map.of())
                .header("Idempotency-Key", "sync-1")
                .send();
        assertThat(late.status()).isEqualTo(200);
        assertThat(late.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(late.json().get("run").asString())
                .isEqualTo(stored.get(0).id().toString());
    }

    @Test
    void aDefinitionsDedupeExpressionKeysDeliveriesByTheProvidersDeliveryId() {
        WorkflowView workflow = hook(Map.of(
                "trigger",
                Map.of("type", "webhook"),
                "dedupe",
                "{{ trigger.headers.'x-github-delivery' }}",
                "steps",
                List.of(transform("t", 1))));
        String path = "/hooks/" + workflow.webhookToken();

        HttpApi.Response first =
                api.post(path, Map.of()).header("X-GitHub-Delivery", "abc").send();
        // The provider's id wins over a header the sender adds: it is what the workflow's author chose.
        HttpApi.Response redelivered = api.post(path, Map.of())
                .header("X-GitHub-Delivery", "abc")
                .header("Idempotency-Key", "something-else")
                .send();
        HttpApi.Response next =
                api.post(path, Map.of()).header("X-GitHub-Delivery", "def").send();
        // Without a delivery id the Idempotency-Key header is the key.
        HttpApi.Response keyed =
                api.post(path, Map.of()).header("Idempotency-Key", "k").send();
        HttpApi.Response keyedAgain =
                api.post(path, Map.of()).header("Idempotency-Key", "k").send();

        assertThat(runId(redelivered)).isEqualTo(runId(first));
        assertThat(redelivered.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(runId(next)).isNotEqualTo(runId(first));
        assertThat(runId(keyedAgain)).isEqualTo(runId(keyed));
        assertThat(allRuns()).hasSize(3);
    }

    @Test
    void aKeyIsForgottenAfterTheRetentionWindow() {
        WorkflowView workflow = asyncHook();
        String path = "/hooks/" + workflow.webhookToken();
        UUID first = runId(
                api.post(path, Map.of("n", 1)).header("Idempotency-Key", "k1").send());
        UUID second = runId(
                api.post(path, Map.of("n", 2)).header("Idempotency-Key", "k2").send());

        clock.advance(Duration.ofHours(23));
        assertThat(runId(api.post(path, Map.of("n", 1))
                        .header("Idempotency-Key", "k1")
                        .send()))
                .isEqualTo(first);
        assertThat(sweeper.sweep()).isZero();

        clock.advance(Duration.ofHours(2));
        // Met again past the window: a new run, at once, whenever the sweep runs.
        HttpApi.Response late =
                api.post(path, Map.of("n", 1)).header("Idempotency-Key", "k1").send();
        assertThat(runId(late)).isNotEqualTo(first);
        assertThat(late.header("Idempotent-Replayed")).isNull();
        // The sweep forgets the other old key; the new run keeps its own.
        assertThat(sweeper.sweep()).isEqualTo(1);
        String k2 = RunRepository.HOOK_KEY_PREFIX + workflow.id().value() + ":k2";
        assertThat(runRows.findByIdempotencyKey(workspace, k2)).isEmpty();
        assertThat(runId(api.post(path, Map.of("n", 2))
                        .header("Idempotency-Key", "k2")
                        .send()))
                .isNotEqualTo(second);
        assertThat(allRuns()).hasSize(4);
    }

    @Test
    void aBadKeyIsABadRequestNamingIt() {
        WorkflowView workflow = asyncHook();
        WorkflowView dedupe = hook(Map.of(
                "trigger",
                Map.of("type", "webhook"),
                "dedupe",
                "{{ $string(trigger.body.id) }}",
                "steps",
                List.of(transform("t", 1))));

        HttpApi.Response tooLong = api.post("/hooks/" + workflow.webhookToken(), Map.of())
                .header("Idempotency-Key", "k".repeat(256))
                .send();
        HttpApi.Response tooLongId = api.post("/hooks/" + dedupe.webhookToken(), Map.of("id", "x".repeat(300)))
                .send();

        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.contentType()).startsWith("application/problem+json");
        assertThat(tooLong.json().get("errors").get(0).get("field").asString()).isEqualTo("Idempotency-Key");
        assertThat(tooLongId.status()).isEqualTo(400);
        assertThat(tooLongId.json().get("errors").get(0).get("field").asString())
                .isEqualTo("dedupe");
        assertThat(allRuns()).isEmpty();
    }
}
