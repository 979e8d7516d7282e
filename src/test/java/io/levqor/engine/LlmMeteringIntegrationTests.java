package io.levqor.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.billing.Credits;
import io.levqor.billing.LedgerEntry;
import io.levqor.billing.LlmAttempt;
import io.levqor.billing.LlmMetering;
import io.levqor.connectors.Peer;
import io.levqor.connectors.Peer.Reply;
import io.levqor.shared.Ids;
import io.levqor.shared.WorkspaceId;
import io.levqor.support.HttpApi;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.support.TestAccounts;
import io.levqor.support.TestAccounts.Account;
import io.levqor.workflow.WorkflowView;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * LLM metering (issue 16): an llm step run against a local OpenAI-compatible peer records its tokens in
 * {@code billing_llm_usage} and is charged credits once per attempt through the ledger.
 */
@LevqorIntegrationTest
class LlmMeteringIntegrationTests {

    // 1,500 + 700 tokens: 3 credits at the default 1 credit per 1,000 (rounded up); the gpt-4o price (2.50 and 10.00
    // per million) makes 1,500 × 2.5 + 700 × 10 = 10,750 millionths of a dollar.
    static final String COMPLETION = """
            {"id": "chatcmpl-1", "object": "chat.completion", "model": "gpt-4o-2024-08-06",
             "choices": [{"index": 0, "message": {"role": "assistant", "content": "42"}, "finish_reason": "stop"}],
             "usage": {"prompt_tokens": 1500, "completion_tokens": 700, "total_tokens": 2200}}
            """;

    @Autowired
    ApplicationContext context;

    @Autowired
    HttpApi api;

    @Autowired
    TestAccounts accounts;

    @Autowired
    Credits credits;

    @Autowired
    LlmMetering metering;

    @Autowired
    MeterRegistry meters;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PlatformTransactionManager transactions;

    final Peer openai = new Peer();
    EngineFixtures fixtures;

    @BeforeEach
    void setUp() {
        fixtures = new EngineFixtures(context);
    }

    @AfterEach
    void stop() {
        openai.close();
    }

    private WorkflowView llmWorkflow(WorkspaceId workspace) {
        return fixtures.workflow(
                workspace,
                List.of(Map.of(
                        "id",
                        "ask",
                        "type",
                        "llm",
                        "baseUrl",
                        openai.url(),
                        "model",
                        "gpt-4o",
                        "prompt",
                        "6*7?",
                        "retry",
                        Map.of("maxAttempts", 3, "initialDelay", "10ms", "maxDelay", "20ms"))));
    }

    @Test
    void aRetriedLlmStepIsChargedOnceForTheAttemptThatUsedTokensAndTheRunShowsIt() {
        Account owner = accounts.signUp();
        WorkspaceId workspace = WorkspaceId.of(owner.workspaceId());
        openai.on(
                "/v1/chat/completions",
                Reply.json(503, "{\"error\": {\"message\": \"overloaded\", \"type\": \"server_error\"}}"),
                Reply.json(200, COMPLETION));
        WorkflowView workflow = llmWorkflow(workspace);
        long before = credits.balance(workspace);
        double promptBefore = tokens("gpt-4o-2024-08-06", "prompt");

        UUID runId = fixtures.start(workspace, workflow, Map.of());
        RunView run = fixtures.awaitEnd(workspace, runId);

        assertThat(run.status()).as(String.valueOf(run.error())).isEqualTo("succeeded");
        assertThat(openai.count("/v1/chat/completions")).isEqualTo(2);
        List<LedgerEntry> lines = credits.ledger(workspace, null, 100).items().stream()
                .filter(l -> l.reference().startsWith("llm:"))
                .toList();
        assertThat(lines).singleElement().satisfies(line -> {
            assertThat(line.reference()).isEqualTo("llm:" + runId + ":ask:2");
            assertThat(line.amount()).isEqualTo(-3);
            assertThat(line.shortfall()).isZero();
        });
        assertThat(credits.balance(workspace))
                .as("1 for the run, 3 for its tokens")
                .isEqualTo(before - 1 - 3);
        assertThat(tokens("gpt-4o-2024-08-06", "prompt") - promptBefore).isEqualTo(1500);
        assertThat(credits.check(workspace).holds()).isTrue();

        JsonNode detail = api.get("/api/v1/runs/" + runId)
                .bearer(owner.accessToken())
                .send()
                .json();
        JsonNode attempts = detail.path("steps").get(0).path("attempts");
        assertThat(attempts.size()).isEqualTo(2);
        assertThat(attempts.get(0).hasNonNull("llm"))
                .as("the failed attempt used no tokens")
                .isFalse();
        JsonNode llm = attempts.get(1).path("llm");
        assertThat(llm.path("model").asString()).isEqualTo("gpt-4o-2024-08-06");
        assertThat(llm.path("promptTokens").asLong()).isEqualTo(1500);
        assertThat(llm.path("completionTokens").asLong()).isEqualTo(700);
        assertThat(llm.path("credits").asLong()).isEqualTo(3);
        assertThat(llm.path("costMicros").asLong()).isEqualTo(10_750);
        assertThat(detail.path("llm").path("totalTokens").asLong()).isEqualTo(2200);
        assertThat(detail.path("llm").path("credits").asLong()).isEqualTo(3);
        assertThat(detail.path("llm").path("attempts").asInt()).isEqualTo(1);
    }

    @Test
    void anAttemptDeliveredTwiceIsMeteredAndChargedOnce() {
        WorkspaceId workspace = WorkspaceId.newId();
        fixtures.unlimited(workspace);
        UUID runId = Ids.newId();
        var attempt = new LlmAttempt(workspace, runId, "ask", 1, "gpt-4o-mini", 4000, 1001);
        long before = credits.balance(workspace);
        double completionBefore = tokens("gpt-4o-mini", "completion");
        var tx = new TransactionTemplate(transactions);

        tx.executeWithoutResult(s -> metering.record(List.of(attempt)));
        tx.executeWithoutResult(s -> metering.record(List.of(attempt, attempt)));

        assertThat(credits.balance(workspace))
                .as("5,001 tokens: 6 credits, once")
                .isEqualTo(before - 6);
        assertThat(metering.ofRun(workspace, runId)).singleElement().satisfies(u -> {
            assertThat(u.credits()).isEqualTo(6);
            assertThat(u.costMicros())
                    .as("4,000 × 0.15 + 1,001 × 0.60, rounded up")
                    .isEqualTo(1201);
        });
        assertThat(tokens("gpt-4o-mini", "completion") - completionBefore).isEqualTo(1001);
    }

    @Test
    void aChargeTheBalanceCannotCoverTakesWhatIsThereAndRecordsTheShortfall() {
        WorkspaceId workspace = WorkspaceId.newId();
        credits.grantSignupCredits(workspace); // the free plan's 50 credits
        UUID runId = Ids.newId();

        new TransactionTemplate(transactions)
                .executeWithoutResult(s -> metering.record(
                        List.of(new LlmAttempt(workspace, runId, "summarize", 1, "gpt-4o-mini", 60_000, 0))));

        assertThat(credits.balance(workspace)).isZero();
        LedgerEntry line = credits.ledger(workspace, null, 1).items().getFirst();
        assertThat(line.amount()).isEqualTo(-50);
        assertThat(line.shortfall()).isEqualTo(10);
        assertThat(line.balanceAfter()).isZero();
        assertThat(metering.ofRun(workspace, runId).getFirst().credits()).isEqualTo(60);
        assertThat(credits.check(workspace).holds()).isTrue();
    }

    private double tokens(String model, String kind) {
        Counter counter = meters.find("levqor_llm_tokens")
                .tag("model", model)
                .tag("kind", kind)
                .counter();
        return counter == null ? 0 : counter.count();
    }
}
