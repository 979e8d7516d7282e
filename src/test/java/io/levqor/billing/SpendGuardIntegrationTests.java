package io.levqor.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.levqor.identity.AuditEntry;
import io.levqor.identity.AuditTrail;
import io.levqor.identity.internal.OperatorBootstrap;
import io.levqor.shared.Ids;
import io.levqor.shared.Role;
import io.levqor.shared.WorkspaceId;
import io.levqor.support.HttpApi;
import io.levqor.support.HttpApi.Response;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.support.MutableClock;
import io.levqor.support.TestAccounts;
import io.levqor.support.TestAccounts.Account;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/** The daily spend guard on credits (issue 16): the operator's cap, the owner's limit, the 402 and the reset. */
@LevqorIntegrationTest
class SpendGuardIntegrationTests {

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
    Credits credits;

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
    void aWorkspaceThatSpentItsCapGets402SpendLimitOnTheNextRunAndShowsItInUsage() {
        Account operator = operator();
        Account owner = accounts.signUp();
        WorkspaceId workspace = WorkspaceId.of(owner.workspaceId());
        plans.assign(workspace, "pro", "spend-guard-test"); // 2,000 runs a day: the plan's cap is not what stops it
        Response capped = api.put(
                        "/api/v1/admin/workspaces/" + owner.workspaceId() + "/spend-limit", Map.of("dailyCredits", 2))
                .bearer(operator.accessToken())
                .send();
        assertThat(capped.status()).as(capped.toString()).isEqualTo(200);
        assertThat(capped.json().path("capSource").asString()).isEqualTo("operator");
        String runs = "/api/v1/workflows/" + createWorkflow(owner) + "/runs";

        Response first = api.post(runs, Map.of("input", Map.of()))
                .bearer(owner.accessToken())
                .send();
        Response second = api.post(runs, Map.of("input", Map.of()))
                .bearer(owner.accessToken())
                .send();
        Response third = api.post(runs, Map.of("input", Map.of()))
                .bearer(owner.accessToken())
                .send();

        assertThat(first.status()).as(first.toString()).isEqualTo(202);
        assertThat(second.status()).as(second.toString()).isEqualTo(202);
        assertThat(third.status()).as(third.toString()).isEqualTo(402);
        assertThat(third.contentType()).startsWith("application/problem+json");
        JsonNode problem = third.json();
        assertThat(problem.path("type").asString()).isEqualTo("https://levqor.io/problems/spend-limit");
        assertThat(problem.path("limit").asString()).isEqualTo("daily-credits");
        assertThat(problem.path("dailyCredits").asLong()).isEqualTo(2);
        assertThat(problem.path("spentToday").asLong()).isEqualTo(2);
        assertThat(problem.path("setBy").asString()).isEqualTo("operator");
        assertThat(problem.path("resetsAt").asString()).isEqualTo(nextUtcMidnight());
        assertThat(problem.path("detail").asString()).contains("2 credit(s) a day", nextUtcMidnight());

        JsonNode usage = api.get("/api/v1/billing/usage")
                .bearer(owner.accessToken())
                .send()
                .json()
                .path("spendGuard");
        assertThat(usage.path("dailyCredits").asLong()).isEqualTo(2);
        assertThat(usage.path("spentToday").asLong()).isEqualTo(2);
        assertThat(usage.path("reached").asBoolean()).isTrue();
        assertThat(usage.path("resetsAt").asString()).isEqualTo(nextUtcMidnight());
        assertThat(credits.balance(workspace))
                .as("the refused run was not charged")
                .isEqualTo(50 + 10_000 - 2);
    }

    @Test
    void theLimitLiftsTheNextUtcDayOrWhenTheOperatorRaisesIt() {
        Account operator = operator();
        Account owner = accounts.signUp();
        WorkspaceId workspace = WorkspaceId.of(owner.workspaceId());
        plans.assign(workspace, "pro", "spend-guard-test");
        setCap(operator, owner, 1);

        admit(workspace);
        SpendLimitReached refused = catchThrowableOfType(SpendLimitReached.class, () -> admit(workspace));
        assertThat(refused).isNotNull();
        assertThat(refused.status().value()).isEqualTo(402);

        clock.advance(Duration.ofDays(1));
        admit(workspace);
        assertThat(catchThrowableOfType(SpendLimitReached.class, () -> admit(workspace)))
                .as("one credit a day, the next day too")
                .isNotNull();

        setCap(relogIn(operator), owner, 5); // a day later the operator's access token has expired
        admit(workspace);
        assertThat(actions(owner.workspaceId()))
                .filteredOn("operator.spend-cap-changed"::equals)
                .hasSize(2);
        assertThat(audit.verify(workspace).intact()).isTrue();
    }

    @Test
    void theOwnerSetsALimitWithinTheOperatorsCapAndOthersMayNot() {
        Account operator = operator();
        Account owner = accounts.signUp();
        Account admin = accounts.member(owner, Role.ADMIN);
        WorkspaceId workspace = WorkspaceId.of(owner.workspaceId());
        plans.assign(workspace, "pro", "spend-guard-test");

        Response withoutCap = api.put("/api/v1/billing/spend-limit", Map.of("dailyCredits", 50_000))
                .bearer(owner.accessToken())
                .send();
        assertThat(withoutCap.status()).as("no cap: any limit").isEqualTo(200);
        assertThat(withoutCap.json().path("dailyCredits").asLong()).isEqualTo(50_000);
        JsonNode capSource = withoutCap.json().path("capSource");
        assertThat(capSource.isNull() || capSource.isMissingNode()).isTrue();

        setCap(operator, owner, 3);
        Response read = api.get("/api/v1/billing/spend-limit")
                .bearer(owner.accessToken())
                .send();
        assertThat(read.json().path("dailyCredits").asLong())
                .as("the lower of the operator's cap and the owner's limit")
                .isEqualTo(3);

        Response over = api.put("/api/v1/billing/spend-limit", Map.of("dailyCredits", 4))
                .bearer(owner.accessToken())
                .send();
        Response zero = api.put("/api/v1/billing/spend-limit", Map.of("dailyCredits", 0))
                .bearer(owner.accessToken())
                .send();
        Response byAdmin = api.put("/api/v1/billing/spend-limit", Map.of("dailyCredits", 1))
                .bearer(admin.accessToken())
                .send();
        Response within = api.put("/api/v1/billing/spend-limit", Map.of("dailyCredits", 1))
                .bearer(owner.accessToken())
                .send();

        assertThat(over.status()).isEqualTo(400);
        assertThat(over.body()).contains("dailyCredits", "3");
        assertThat(zero.status()).isEqualTo(400);
        assertThat(byAdmin.status()).isEqualTo(403);
        assertThat(within.status()).isEqualTo(200);
        assertThat(within.json().path("dailyCredits").asLong()).isEqualTo(1);
        assertThat(within.json().path("ownerLimit").asLong()).isEqualTo(1);

        admit(workspace);
        SpendLimitReached refused = catchThrowableOfType(SpendLimitReached.class, () -> admit(workspace));
        assertThat(refused.properties()).containsEntry("setBy", "owner").containsEntry("dailyCredits", 1L);
        assertThat(actions(owner.workspaceId()))
                .filteredOn("billing.spend-limit-changed"::equals)
                .hasSize(2);
        assertThat(audit.verify(workspace).intact()).isTrue();
    }

    @Test
    void concurrentStartsCannotOvershootTheLimitTogether() throws Exception {
        Account operator = operator();
        Account owner = accounts.signUp();
        WorkspaceId workspace = WorkspaceId.of(owner.workspaceId());
        plans.assign(workspace, "pro", "spend-guard-test");
        setCap(operator, owner, 10);
        int threads = 24;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    try {
                        admit(workspace);
                        return true;
                    } catch (SpendLimitReached e) {
                        return false;
                    }
                }));
            }
            start.countDown();
            int started = 0;
            for (var result : results) {
                started += result.get(60, java.util.concurrent.TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(started).isEqualTo(10);
        } finally {
            pool.shutdownNow();
        }
        assertThat(credits.balance(workspace)).isEqualTo(50 + 10_000 - 10);
        JsonNode guard = api.get("/api/v1/billing/spend-limit")
                .bearer(owner.accessToken())
                .send()
                .json();
        assertThat(guard.path("spentToday").asLong()).isEqualTo(10);
        assertThat(guard.path("reached").asBoolean()).isTrue();
    }

    private void admit(WorkspaceId workspace) {
        new TransactionTemplate(transactions)
                .executeWithoutResult(status -> admission.admit(workspace, Ids.newId(), "schedule"));
    }

    private void setCap(Account operator, Account owner, long dailyCredits) {
        Response capped = api.put(
                        "/api/v1/admin/workspaces/" + owner.workspaceId() + "/spend-limit",
                        Map.of("dailyCredits", dailyCredits))
                .bearer(operator.accessToken())
                .send();
        assertThat(capped.status()).as(capped.toString()).isEqualTo(200);
    }

    private String nextUtcMidnight() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC)
                .plusDays(1)
                .atStartOfDay(ZoneOffset.UTC)
                .toInstant()
                .toString();
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
                                "spend",
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

    private Account operator() {
        Account operator = accounts.signUp();
        operators.apply(operator.email());
        String token = api.post(
                        "/api/v1/auth/login", Map.of("email", operator.email(), "password", operator.password()))
                .send()
                .json()
                .path("accessToken")
                .asString();
        return new Account(
                operator.userId(),
                operator.workspaceId(),
                operator.email(),
                operator.password(),
                token,
                operator.refreshToken(),
                operator.role());
    }
}
