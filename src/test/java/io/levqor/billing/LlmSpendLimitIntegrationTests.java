package io.levqor.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.levqor.identity.AuditEntry;
import io.levqor.identity.AuditTrail;
import io.levqor.identity.internal.OperatorBootstrap;
import io.levqor.shared.Ids;
import io.levqor.shared.WorkspaceId;
import io.levqor.support.HttpApi;
import io.levqor.support.HttpApi.Response;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.support.MutableClock;
import io.levqor.support.TestAccounts;
import io.levqor.support.TestAccounts.Account;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The workspace's daily limit on LLM cost (issue 16): the operator's cap, the 402 naming it, the reset at midnight in
 * the workspace's time zone, and the release when the operator raises the cap.
 */
@LevqorIntegrationTest
class LlmSpendLimitIntegrationTests {

    static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata");

    @Autowired
    HttpApi api;

    @Autowired
    TestAccounts accounts;

    @Autowired
    OperatorBootstrap operators;

    @Autowired
    RunAdmission admission;

    @Autowired
    PlanAssignments plans;

    @Autowired
    LlmMetering metering;

    @Autowired
    AuditTrail audit;

    @Autowired
    MutableClock clock;

    @Autowired
    PlatformTransactionManager transactions;

    @AfterEach
    void noOperator() {
        operators.apply("");
    }

    @Test
    void aWorkspaceOverItsLlmCostCapGets402UntilMidnightInItsTimeZoneOrUntilTheCapIsRaised() {
        Account operator = operator();
        Account owner = accounts.signUp();
        WorkspaceId workspace = WorkspaceId.of(owner.workspaceId());
        plans.assign(workspace, "pro", "llm-spend-test");
        Response zone = api.put("/api/v1/billing/spend-limit", Map.of("timeZone", "Asia/Kolkata"))
                .bearer(owner.accessToken())
                .send();
        assertThat(zone.status()).as(zone.toString()).isEqualTo(200);
        assertThat(zone.json().path("timeZone").asString()).isEqualTo("Asia/Kolkata");
        setLlmCap(operator, owner, 10_000); // one cent a day
        String runs = "/api/v1/workflows/" + createWorkflow(owner) + "/runs";
        Response before = api.post(runs, Map.of("input", Map.of()))
                .bearer(owner.accessToken())
                .send();
        assertThat(before.status()).as(before.toString()).isEqualTo(202);

        // 1,500 × 2.50 + 700 × 10.00 per million: 10,750 millionths, over the cap of 10,000.
        meter(workspace, "gpt-4o-2024-08-06", 1500, 700);
        Response refused = api.post(runs, Map.of("input", Map.of()))
                .bearer(owner.accessToken())
                .send();

        assertThat(refused.status()).as(refused.toString()).isEqualTo(402);
        JsonNode problem = refused.json();
        assertThat(problem.path("type").asString()).isEqualTo("https://levqor.io/problems/spend-limit");
        assertThat(problem.path("limit").asString()).isEqualTo("daily-llm-cost");
        assertThat(problem.path("dailyLlmCostMicros").asLong()).isEqualTo(10_000);
        assertThat(problem.path("spentTodayMicros").asLong()).isEqualTo(10_750);
        assertThat(problem.path("currency").asString()).isEqualTo("USD");
        assertThat(problem.path("setBy").asString()).isEqualTo("operator");
        assertThat(problem.path("timeZone").asString()).isEqualTo("Asia/Kolkata");
        Instant resetsAt = Instant.parse(problem.path("resetsAt").asString());
        assertThat(resetsAt).isEqualTo(nextMidnight(KOLKATA));
        JsonNode guard = api.get("/api/v1/billing/usage")
                .bearer(owner.accessToken())
                .send()
                .json()
                .path("spendGuard")
                .path("llmCost");
        assertThat(guard.path("reached").asBoolean()).isTrue();
        assertThat(guard.path("spentTodayMicros").asLong()).isEqualTo(10_750);

        // Midnight in Kolkata (18:30 UTC): a new day there, whatever the UTC date says.
        clock.advance(Duration.between(clock.instant(), resetsAt).plusMinutes(1));
        admit(workspace);

        meter(workspace, "gpt-4o", 1500, 700);
        assertThat(catchThrowableOfType(SpendLimitReached.class, () -> admit(workspace)))
                .as("over the cap again the next day")
                .satisfies(e -> assertThat(e.limit()).isEqualTo(SpendLimitReached.DAILY_LLM_COST));
        setLlmCap(relogIn(operator), owner, 50_000);
        admit(workspace);

        assertThat(actions(owner.workspaceId()))
                .contains("billing.time-zone-changed")
                .filteredOn("operator.llm-cost-cap-changed"::equals)
                .hasSize(2);
        assertThat(audit.verify(workspace).intact()).isTrue();
    }

    @Test
    void anUnknownTimeZoneOrABadLimitIsA400NamingTheField() {
        Account owner = accounts.signUp();
        WorkspaceId workspace = WorkspaceId.of(owner.workspaceId());
        plans.assign(workspace, "pro", "llm-spend-test");

        Response badZone = api.put("/api/v1/billing/spend-limit", Map.of("timeZone", "Mars/Olympus_Mons"))
                .bearer(owner.accessToken())
                .send();
        Response offset = api.put("/api/v1/billing/spend-limit", Map.of("timeZone", "+05:30"))
                .bearer(owner.accessToken())
                .send();
        Response badLimit = api.put("/api/v1/billing/spend-limit", Map.of("dailyLlmCostMicros", "lots"))
                .bearer(owner.accessToken())
                .send();
        Response ownLimit = api.put("/api/v1/billing/spend-limit", Map.of("dailyLlmCostMicros", 2_000_000))
                .bearer(owner.accessToken())
                .send();

        assertThat(badZone.status()).isEqualTo(400);
        assertThat(badZone.contentType()).startsWith("application/problem+json");
        assertThat(badZone.json().path("errors").get(0).path("field").asString())
                .isEqualTo("timeZone");
        assertThat(offset.status()).isEqualTo(400);
        assertThat(badLimit.status()).isEqualTo(400);
        assertThat(badLimit.json().path("errors").get(0).path("field").asString())
                .isEqualTo("dailyLlmCostMicros");
        assertThat(ownLimit.status()).as(ownLimit.toString()).isEqualTo(200);
        assertThat(ownLimit.json().path("llmCost").path("dailyMicros").asLong()).isEqualTo(2_000_000);
        assertThat(ownLimit.json().path("dailyCredits").isMissingNode()
                        || ownLimit.json().path("dailyCredits").isNull())
                .as("the credit limit was left alone")
                .isTrue();
        assertThat(ownLimit.json().path("timeZone").asString()).isEqualTo("UTC");
    }

    private void meter(WorkspaceId workspace, String model, long prompt, long completion) {
        UUID run = Ids.newId();
        new TransactionTemplate(transactions)
                .executeWithoutResult(s ->
                        metering.record(List.of(new LlmAttempt(workspace, run, "ask", 1, model, prompt, completion))));
    }

    private void admit(WorkspaceId workspace) {
        new TransactionTemplate(transactions)
                .executeWithoutResult(status -> admission.admit(workspace, Ids.newId(), "schedule"));
    }

    private void setLlmCap(Account operator, Account owner, long micros) {
        Response capped = api.put(
                        "/api/v1/admin/workspaces/" + owner.workspaceId() + "/spend-limit",
                        Map.of("dailyLlmCostMicros", micros))
                .bearer(operator.accessToken())
                .send();
        assertThat(capped.status()).as(capped.toString()).isEqualTo(200);
        assertThat(capped.json().path("llmCost").path("capMicros").asLong()).isEqualTo(micros);
    }

    private Instant nextMidnight(ZoneId zone) {
        return LocalDate.ofInstant(clock.instant(), zone)
                .plusDays(1)
                .atStartOfDay(zone)
                .toInstant();
    }

    private List<String> actions(String workspace) {
        return audit.page(WorkspaceId.of(workspace), null, 100).stream()
                .map(AuditEntry::action)
                .toList();
    }

    private String createWorkflow(Account owner) {
        Response created = api.post(
                        "/api/v1/workflows",
                        Map.of(
                                "name",
                                "llm-spend",
                                "definition",
                                Map.of(
                                        "trigger",
                                        Map.of("type", "manual"),
                                        "steps",
                                        List.of(Map.of("id", "t", "type", "transform", "output", 1)))))
                .bearer(owner.accessToken())
                .send();
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().path("id").asString();
    }

    private Account operator() {
        Account operator = accounts.signUp();
        operators.apply(operator.email());
        return relogIn(operator);
    }

    private Account relogIn(Account account) {
        String token = api.post("/api/v1/auth/login", Map.of("email", account.email(), "password", account.password()))
                .send()
                .json()
                .path("accessToken")
                .asString();
        return new Account(
                account.userId(),
                account.workspaceId(),
                account.email(),
                account.password(),
                token,
                account.refreshToken(),
                account.role());
    }
}
