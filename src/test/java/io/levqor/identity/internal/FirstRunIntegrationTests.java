package io.levqor.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.identity.OperatorDirectory;
import io.levqor.shared.UserId;
import io.levqor.support.HttpApi;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.support.TestAccounts;
import io.levqor.support.TestAccounts.Account;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** The first-run rule (issue 17): the first account on a fresh install is the operator, unheld by plan caps. */
@LevqorIntegrationTest
class FirstRunIntegrationTests {

    @Autowired
    FirstRun firstRun;

    @Autowired
    OperatorBootstrap bootstrap;

    @Autowired
    OperatorDirectory operators;

    @Autowired
    TestAccounts accounts;

    @Autowired
    HttpApi api;

    @BeforeEach
    void ruleOn() {
        // The shared test context has the rule off (levqor.identity.first-account-operator=false in TestDatabase).
        firstRun.enable(true);
    }

    @AfterEach
    void ruleOffAndNoOperator() {
        firstRun.enable(false);
        bootstrap.apply("");
    }

    @Test
    void theFirstSignUpIsTheOperatorAndTheSecondIsNot() {
        Account first = accounts.signUp();
        Account second = accounts.signUp();

        assertThat(isOperator(first)).isTrue();
        assertThat(isOperator(second)).isFalse();
        assertThat(api.get("/api/v1/admin/workspaces")
                        .bearer(first.accessToken())
                        .send()
                        .status())
                .isEqualTo(200);
        assertThat(api.get("/api/v1/admin/workspaces")
                        .bearer(second.accessToken())
                        .send()
                        .status())
                .isEqualTo(403);
    }

    @Test
    void aRestartWithoutAnAdminAddressKeepsTheFirstAccountTheOperator() {
        Account first = accounts.signUp();

        bootstrap.promote();

        assertThat(isOperator(first)).isTrue();
    }

    @Test
    void concurrentFirstSignUpsGiveExactlyOneOperator() throws Exception {
        int n = 8;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Account>> signUps = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(n)) {
            for (int i = 0; i < n; i++) {
                signUps.add(pool.submit(() -> {
                    start.await();
                    return accounts.signUp();
                }));
            }
            start.countDown();
            int operatorCount = 0;
            for (Future<Account> signUp : signUps) {
                operatorCount += isOperator(signUp.get()) ? 1 : 0;
            }
            assertThat(operatorCount).isEqualTo(1);
        }
    }

    @Test
    void theOperatorsWorkspaceRunsPastTheFreeCapWhileAnotherFreeAccountMeets402() {
        Account operator = accounts.signUp();
        Account customer = accounts.signUp();
        String operatorRuns = runsPath(operator);
        String customerRuns = runsPath(customer);

        // The free plan's daily cap is one run: the operator starts three.
        for (int i = 0; i < 3; i++) {
            var run = api.post(operatorRuns, Map.of("input", Map.of()))
                    .bearer(operator.accessToken())
                    .send();
            assertThat(run.status()).as(run.toString()).isEqualTo(202);
        }
        var first = api.post(customerRuns, Map.of("input", Map.of()))
                .bearer(customer.accessToken())
                .send();
        var second = api.post(customerRuns, Map.of("input", Map.of()))
                .bearer(customer.accessToken())
                .send();

        assertThat(first.status()).as(first.toString()).isEqualTo(202);
        assertThat(second.status()).as(second.toString()).isEqualTo(402);
        assertThat(second.json().path("limit").asString()).isEqualTo("daily-run-cap");
        // The usage the billing page shows says so, instead of a free plan's "0 / 1" the operator is not held to.
        assertThat(usage(operator).path("planLimitsWaived").asBoolean()).isTrue();
        assertThat(usage(customer).path("planLimitsWaived").asBoolean()).isFalse();
        assertThat(usage(customer).path("runsToday").asInt()).isEqualTo(1);
    }

    private JsonNode usage(Account account) {
        var usage =
                api.get("/api/v1/billing/usage").bearer(account.accessToken()).send();
        assertThat(usage.status()).as(usage.toString()).isEqualTo(200);
        return usage.json();
    }

    @Test
    void withTheRuleOffTheFirstSignUpIsAFreeCustomerAsBefore() {
        firstRun.enable(false);
        Account first = accounts.signUp();
        String runs = runsPath(first);

        var one = api.post(runs, Map.of("input", Map.of()))
                .bearer(first.accessToken())
                .send();
        var two = api.post(runs, Map.of("input", Map.of()))
                .bearer(first.accessToken())
                .send();

        assertThat(isOperator(first)).isFalse();
        assertThat(one.status()).as(one.toString()).isEqualTo(202);
        assertThat(two.status()).as(two.toString()).isEqualTo(402);
    }

    private boolean isOperator(Account account) {
        return operators.isOperator(new UserId(UUID.fromString(account.userId())));
    }

    private String runsPath(Account owner) {
        var created = api.post(
                        "/api/v1/workflows",
                        Map.of(
                                "name",
                                "first run",
                                "definition",
                                Map.of(
                                        "trigger",
                                        Map.of("type", "manual"),
                                        "steps",
                                        List.of(Map.of("id", "t", "type", "transform", "output", 1)))))
                .bearer(owner.accessToken())
                .send();
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return "/api/v1/workflows/" + created.json().path("id").asString() + "/runs";
    }
}
