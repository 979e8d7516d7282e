package io.levqor.ops.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.billing.Credits;
import io.levqor.billing.PlatformSpendLimit;
import io.levqor.billing.jdbc.AccountRepository;
import io.levqor.connectors.Peer;
import io.levqor.connectors.Peer.Reply;
import io.levqor.engine.RunId;
import io.levqor.engine.RunView;
import io.levqor.engine.Runs;
import io.levqor.identity.internal.OperatorBootstrap;
import io.levqor.ops.alerts.jdbc.AlertRepository;
import io.levqor.shared.WorkspaceId;
import io.levqor.support.HttpApi;
import io.levqor.support.HttpApi.Response;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.support.MutableClock;
import io.levqor.support.TestAccounts;
import io.levqor.support.TestAccounts.Account;
import io.levqor.workflow.WorkflowId;
import io.levqor.workflow.Workflows;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The spend limits through ops: the platform's daily cost limit refuses LLM steps in every workspace (other runs go
 * on), raises one alert notified once, and lifts when the operator raises it or at the next UTC day; a workspace at
 * its daily credit limit raises its own alert until the limit is raised.
 */
@LevqorIntegrationTest
class SpendLimitAlertsIntegrationTests {

    static final String COMPLETION = """
            {"id": "chatcmpl-1", "object": "chat.completion", "model": "gpt-4o-mini",
             "choices": [{"index": 0, "message": {"role": "assistant", "content": "hi"}, "finish_reason": "stop"}],
             "usage": {"prompt_tokens": 12, "completion_tokens": 5, "total_tokens": 17}}
            """;

    @Autowired
    AlertRepository repository;

    @Autowired
    AlertSettings settings;

    @Autowired
    AlertEvaluator evaluator;

    @Autowired
    AlertChannels channels;

    @Autowired
    AlertSubscriptions subscriptions;

    @Autowired
    Workflows workflows;

    @Autowired
    Runs runs;

    @Autowired
    Credits credits;

    @Autowired
    AccountRepository billingAccounts;

    @Autowired
    PlatformSpendLimit platformLimit;

    @Autowired
    MutableClock clock;

    @Autowired
    HttpApi api;

    @Autowired
    TestAccounts accounts;

    @Autowired
    OperatorBootstrap operators;

    @Autowired
    JdbcClient jdbc;

    final Peer peer = new Peer();

    @AfterEach
    void stop() {
        peer.close();
        operators.apply("");
        // The node's snapshot outlives the truncated table: forget this test's limit before the next test.
        jdbc.sql("DELETE FROM billing_platform_limit").update();
        platformLimit.refreshed();
    }

    @Test
    void thePlatformLimitStopsLlmStepsEverywhereFiresOneAlertAndLiftsWhenRaisedOrAtTheNextUtcDay() {
        awayFromMidnight();
        peer.on("/v1/chat/completions", Reply.json(200, COMPLETION)).on("/slack", Reply.text(200, "ok"));
        AlertNotifier notifier = new AlertNotifier(
                repository,
                settings.withChannels(List.of(
                        new AlertSettings.Channel("ops-slack", "slack", peer.url("/slack"), null, null, null, null))),
                channels,
                subscriptions,
                clock);
        String operator = operator();
        WorkspaceId first = workspace();
        WorkspaceId second = workspace();
        WorkflowId askFirst = llmWorkflow(first);
        WorkflowId askSecond = llmWorkflow(second);
        WorkflowId plain =
                workflow(second, List.of(Map.of("id", "shape", "type", "transform", "output", Map.of("ok", true))));

        // The limit: today's fixed costs (the test context configures some) plus 1.00.
        BigDecimal fixedToday = api.get("/api/v1/admin/costs/limit")
                .bearer(operator)
                .send()
                .json()
                .path("fixedCostToday")
                .decimalValue();
        assertThat(fixedToday).isPositive();
        Response set = setLimit(operator, fixedToday.add(BigDecimal.ONE));
        assertThat(set.status()).as(set.body()).isEqualTo(200);
        assertThat(set.json().path("source").asString()).isEqualTo("operator");
        assertThat(set.json().path("reached").asBoolean()).isFalse();
        assertThat(await(first, start(first, askFirst)).status()).isEqualTo("succeeded");

        // 1.25 of LLM cost today (metering writes these rows; here they are inserted): the limit is reached. Other
        // nodes see it within the refresh interval (5 s), as this one does once its clock moves past it.
        usage(first, "gpt-4o", 1_000_000, clock.instant());
        usage(second, "gpt-4o-mini", 250_000, clock.instant());
        clock.advance(Duration.ofSeconds(6));
        for (var refused : List.of(await(first, start(first, askFirst)), await(second, start(second, askSecond)))) {
            assertThat(refused.status()).isEqualTo("failed");
            assertThat(refused.error())
                    .contains("platform's daily cost limit (platform-daily-cost)")
                    .contains("is reached")
                    .contains(LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC)
                                    .plusDays(1)
                                    .atStartOfDay(ZoneOffset.UTC)
                                    .toInstant()
                                    .toString()
                            + " (the next UTC day)");
        }
        assertThat(peer.count("/v1/chat/completions")).isEqualTo(1); // the refused steps never called out
        assertThat(await(second, start(second, plain)).status()).isEqualTo("succeeded");

        // One alert, however many rounds, notified once.
        evaluator.evaluate();
        evaluator.evaluate();
        assertThat(repository.firing())
                .filteredOn(a -> a.name().equals("PlatformSpendLimitReached"))
                .singleElement()
                .satisfies(a -> {
                    assertThat(a.severity()).isEqualTo("critical");
                    assertThat(a.labels()).containsEntry("limit", "platform-daily-cost");
                    assertThat(a.annotations().get("summary")).contains("LLM steps are refused platform-wide");
                });
        clock.advance(Duration.ofSeconds(30));
        notifier.notifyDue();
        notifier.notifyDue();
        assertThat(peer.received().stream()
                        .map(Peer.Received::text)
                        .filter(t -> t.contains("PlatformSpendLimitReached")))
                .singleElement()
                .satisfies(text -> assertThat(text).contains("[FIRING:1] PlatformSpendLimitReached (critical)"));

        // Raised: LLM steps run again at once on this node, and the alert resolves.
        Response raised = setLimit(operator, new BigDecimal("1000"));
        assertThat(raised.json().path("reached").asBoolean()).isFalse();
        assertThat(await(first, start(first, askFirst)).status()).isEqualTo("succeeded");
        evaluator.evaluate();
        assertThat(repository.firing()).noneMatch(a -> a.name().equals("PlatformSpendLimitReached"));
        assertThat(repository.history("resolved", 10))
                .filteredOn(a -> a.name().equals("PlatformSpendLimitReached"))
                .hasSize(1);

        // Bad input names the field; a reset returns to the configured limit (none here).
        Map<String, Object> negative = new HashMap<>();
        negative.put("dailyCostLimit", -1);
        Response bad =
                api.put("/api/v1/admin/costs/limit", negative).bearer(operator).send();
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().path("errors").get(0).path("field").asString()).isEqualTo("dailyCostLimit");
        Response tooPrecise = setLimit(operator, new BigDecimal("1.0000001"));
        assertThat(tooPrecise.status()).isEqualTo(400);
        Response reset =
                api.delete("/api/v1/admin/costs/limit").bearer(operator).send();
        assertThat(reset.status()).as(reset.body()).isEqualTo(200);
        assertThat(reset.json().path("source").asString()).isEqualTo("configuration");
        assertThat(reset.json().path("dailyCostLimit").isNumber()).isFalse(); // null (or left out): none configured
        // Lowered again, it holds until the next UTC day, whose LLM cost starts from zero; every change was audited.
        assertThat(setLimit(operator, fixedToday.add(BigDecimal.ONE))
                        .json()
                        .path("reached")
                        .asBoolean())
                .isTrue();
        assertThat(await(second, start(second, askSecond)).status()).isEqualTo("failed");
        assertThat(jdbc.sql("SELECT count(*) FROM audit_log WHERE action = 'operator.platform-cost-limit-changed'")
                        .query(Long.class)
                        .single())
                .isEqualTo(4);
        Instant now = clock.instant();
        clock.advance(Duration.between(
                now,
                LocalDate.ofInstant(now, ZoneOffset.UTC)
                        .plusDays(1)
                        .atStartOfDay(ZoneOffset.UTC)
                        .toInstant()));
        assertThat(await(second, start(second, askSecond)).status()).isEqualTo("succeeded");
    }

    @Test
    void aWorkspaceAtItsDailyCreditLimitRaisesItsAlertUntilTheLimitIsRaised() {
        awayFromMidnight();
        WorkspaceId capped = workspace();
        WorkspaceId free = workspace();
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        jdbc.sql("UPDATE billing_account SET daily_credit_cap = 3 WHERE tenant_id = :t")
                .param("t", capped.value())
                .update();
        for (WorkspaceId workspace : List.of(capped, free)) {
            jdbc.sql("INSERT INTO billing_run_day (tenant_id, day, runs, credits) VALUES (:t, :day, 3, 3)")
                    .param("t", workspace.value())
                    .param("day", today)
                    .update();
        }

        evaluator.evaluate();
        assertThat(repository.firing())
                .filteredOn(a -> a.name().equals("SpendLimitReached"))
                .singleElement()
                .satisfies(a -> {
                    assertThat(a.labels())
                            .containsEntry("workspace", capped.value().toString())
                            .containsEntry("limit", "daily-credits");
                    assertThat(a.annotations().get("summary")).contains("spent 3 of its 3 credits a day");
                });

        jdbc.sql("UPDATE billing_account SET daily_credit_cap = 10 WHERE tenant_id = :t")
                .param("t", capped.value())
                .update();
        evaluator.evaluate();
        assertThat(repository.firing()).noneMatch(a -> a.name().equals("SpendLimitReached"));
    }

    @Test
    void aWorkspaceAtItsDailyLlmCostLimitInItsOwnTimeZoneRaisesItsAlertUntilTheLimitIsRaised() {
        WorkspaceId capped = workspace();
        WorkspaceId uncapped = workspace();
        jdbc.sql("""
                        UPDATE billing_account SET daily_llm_cost_cap_micros = 1000000, time_zone = 'Asia/Kolkata'
                         WHERE tenant_id = :t
                        """).param("t", capped.value()).update();
        Instant now = clock.instant();
        ZoneId kolkata = ZoneId.of("Asia/Kolkata");
        Instant kolkataMidnight =
                LocalDate.ofInstant(now, kolkata).atStartOfDay(kolkata).toInstant();
        // Spent before the workspace's midnight: yesterday's, it does not count.
        usage(capped, "gpt-4o", 5_000_000, kolkataMidnight.minusSeconds(60));
        usage(capped, "gpt-4o", 600_000, now);
        usage(uncapped, "gpt-4o", 9_000_000, now);
        evaluator.evaluate();
        assertThat(repository.firing()).noneMatch(a -> a.name().equals("SpendLimitReached"));

        usage(capped, "gpt-4o-mini", 400_000, now);
        evaluator.evaluate();
        assertThat(repository.firing())
                .filteredOn(a -> a.name().equals("SpendLimitReached"))
                .singleElement()
                .satisfies(a -> {
                    assertThat(a.labels())
                            .containsEntry("workspace", capped.value().toString())
                            .containsEntry("limit", "daily-llm-cost");
                    assertThat(a.annotations().get("summary")).contains("LLM cost of 1 of its daily 1");
                    assertThat(a.annotations().get("resetsAt"))
                            .isEqualTo(kolkataMidnight.plus(Duration.ofDays(1)).toString());
                });

        jdbc.sql("UPDATE billing_account SET daily_llm_cost_cap_micros = 2000000 WHERE tenant_id = :t")
                .param("t", capped.value())
                .update();
        evaluator.evaluate();
        assertThat(repository.firing()).noneMatch(a -> a.name().equals("SpendLimitReached"));
    }

    /** Days are UTC days: a test that starts a minute before midnight would see its day end under it. */
    private void awayFromMidnight() {
        Instant now = clock.instant();
        Instant midnight = LocalDate.ofInstant(now, ZoneOffset.UTC)
                .plusDays(1)
                .atStartOfDay(ZoneOffset.UTC)
                .toInstant();
        if (Duration.between(now, midnight).compareTo(Duration.ofMinutes(10)) < 0) {
            clock.advance(Duration.between(now, midnight).plusHours(1));
        }
    }

    private Response setLimit(String operator, BigDecimal limit) {
        return api.put("/api/v1/admin/costs/limit", Map.of("dailyCostLimit", limit))
                .bearer(operator)
                .send();
    }

    private void usage(WorkspaceId workspace, String model, long costMicros, Instant at) {
        jdbc.sql("""
                        INSERT INTO billing_llm_usage (tenant_id, run_id, step_path, attempt, model, prompt_tokens,
                                                       completion_tokens, credits, cost_micros, recorded_at)
                        VALUES (:t, :run, 'ask', 1, :model, 1000, 500, 2, :cost, :at)
                        """)
                .param("t", workspace.value())
                .param("run", UUID.randomUUID())
                .param("model", model)
                .param("cost", costMicros)
                .param("at", at.atOffset(ZoneOffset.UTC))
                .update();
    }

    private WorkflowId llmWorkflow(WorkspaceId workspace) {
        return workflow(
                workspace,
                List.of(Map.of(
                        "id",
                        "ask",
                        "type",
                        "llm",
                        "baseUrl",
                        peer.url("/v1/"),
                        "model",
                        "gpt-4o-mini",
                        "prompt",
                        "hi")));
    }

    private WorkflowId workflow(WorkspaceId workspace, List<Map<String, Object>> steps) {
        return workflows
                .create(
                        workspace,
                        null,
                        "spend " + UUID.randomUUID(),
                        Map.of("trigger", Map.of("type", "manual"), "steps", steps),
                        true,
                        null)
                .id();
    }

    private UUID start(WorkspaceId workspace, WorkflowId workflow) {
        return runs.start(workspace, workflow, Map.of(), null).runId();
    }

    private RunView await(WorkspaceId workspace, UUID runId) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            RunView run = runs.find(workspace, new RunId(runId));
            if (List.of("succeeded", "failed", "cancelled").contains(run.status())) {
                return run;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("run " + runId + " did not end; last seen " + run);
            }
            LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
        }
    }

    private WorkspaceId workspace() {
        Account owner = accounts.signUp();
        WorkspaceId workspace = new WorkspaceId(UUID.fromString(owner.workspaceId()));
        credits.grantSignupCredits(workspace);
        billingAccounts.setPlan(workspace, "business", clock.instant());
        credits.grant(workspace, 1_000_000, "spend-limit-tests");
        return workspace;
    }

    private String operator() {
        Account operator = accounts.signUp();
        operators.apply(operator.email());
        return api.post("/api/v1/auth/login", Map.of("email", operator.email(), "password", operator.password()))
                .send()
                .json()
                .path("accessToken")
                .asString();
    }
}
