package io.levqor.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.billing.PlanAssignments;
import io.levqor.identity.internal.OperatorBootstrap;
import io.levqor.shared.WorkspaceId;
import io.levqor.support.HttpApi;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.support.TestAccounts;
import io.levqor.support.browser.Browser;
import io.levqor.support.browser.BrowserExtension;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;

/** The console under the operator's controls: the spend guard's progress bar, read-only while suspended. */
@LevqorIntegrationTest
@ExtendWith(BrowserExtension.class)
class ConsoleOperatorControlsIntegrationTests {

    @Autowired
    HttpApi api;

    @Autowired
    TestAccounts accounts;

    @Autowired
    OperatorBootstrap operators;

    @Autowired
    PlanAssignments plans;

    @AfterEach
    void noOperator() {
        operators.apply("");
    }

    @Test
    void theBillingPageShowsTheSpendLimitAndASuspendedWorkspacesConsoleIsReadOnly(Browser browser) {
        var operator = accounts.signUp();
        operators.apply(operator.email());
        String operatorToken = api.post(
                        "/api/v1/auth/login", Map.of("email", operator.email(), "password", operator.password()))
                .send()
                .json()
                .path("accessToken")
                .asString();
        var owner = accounts.signUp();
        plans.assign(WorkspaceId.of(owner.workspaceId()), "pro", "console-test");
        assertThat(api.put(
                                "/api/v1/admin/workspaces/" + owner.workspaceId() + "/spend-limit",
                                Map.of("dailyCredits", 5))
                        .bearer(operatorToken)
                        .send()
                        .status())
                .isEqualTo(200);
        browser.logIn(owner.email(), owner.password());

        browser.go("/console/billing").waitForText("Credits spent today");
        assertThat(browser.one("#spend-guard").getText()).contains("0 / 5", "daily spend limit");
        assertThat(browser.one("#spend-guard progress").getDomAttribute("max")).isEqualTo("5");
        browser.screenshot("spend-guard");

        assertThat(api.post("/api/v1/admin/workspaces/" + owner.workspaceId() + "/suspend", Map.of("reason", "review"))
                        .bearer(operatorToken)
                        .send()
                        .status())
                .isEqualTo(200);
        browser.go("/console/api-keys").fill("Name", "CI").press("Create key");
        browser.waitForText("Workspace suspended");
        assertThat(browser.text()).contains("starts no runs and accepts no changes");
        assertThat(browser.one("h1").getText()).isEqualTo("403 Workspace suspended");
        browser.screenshot("suspended");
        assertThat(api.get("/api/v1/api-keys")
                        .bearer(owner.accessToken())
                        .send()
                        .json()
                        .toString())
                .doesNotContain("\"CI\"");
    }

    @Autowired
    io.levqor.billing.LlmMetering metering;

    @Autowired
    org.springframework.transaction.PlatformTransactionManager transactions;

    @Test
    void theBillingPageShowsTheLlmCostLimitAndUsageAndTheRunPageTheRunsTokens(Browser browser) {
        var operator = accounts.signUp();
        operators.apply(operator.email());
        String operatorToken = api.post(
                        "/api/v1/auth/login", Map.of("email", operator.email(), "password", operator.password()))
                .send()
                .json()
                .path("accessToken")
                .asString();
        var owner = accounts.signUp();
        WorkspaceId workspace = WorkspaceId.of(owner.workspaceId());
        plans.assign(workspace, "pro", "console-test");
        assertThat(api.put(
                                "/api/v1/admin/workspaces/" + owner.workspaceId() + "/spend-limit",
                                Map.of("dailyLlmCostMicros", 1_000_000))
                        .bearer(operatorToken)
                        .send()
                        .status())
                .isEqualTo(200);
        String workflow = api.post(
                        "/api/v1/workflows",
                        Map.of(
                                "name",
                                "llm",
                                "definition",
                                Map.of(
                                        "trigger",
                                        Map.of("type", "manual"),
                                        "steps",
                                        java.util.List.of(Map.of("id", "ask", "type", "transform", "output", 1)))))
                .bearer(owner.accessToken())
                .send()
                .json()
                .path("id")
                .asString();
        String runId = api.post("/api/v1/workflows/" + workflow + "/runs", Map.of("input", Map.of()))
                .bearer(owner.accessToken())
                .send()
                .json()
                .path("runId")
                .asString();
        // The step's first attempt as if it had been an llm call: 1,500 + 700 tokens of gpt-4o (0.01075 USD, shown to
        // four places).
        new org.springframework.transaction.support.TransactionTemplate(transactions)
                .executeWithoutResult(s -> metering.record(java.util.List.of(new io.levqor.billing.LlmAttempt(
                        workspace, java.util.UUID.fromString(runId), "ask", 1, "gpt-4o", 1500, 700))));
        browser.logIn(owner.email(), owner.password());

        browser.go("/console/billing").waitForText("LLM cost today");
        assertThat(browser.one("#llm-cost-guard").getText()).contains("USD 0.0107 / 1.0000", "daily LLM-cost limit");
        assertThat(browser.one("#llm-cost-guard progress").getDomAttribute("max"))
                .isEqualTo("1000000");
        assertThat(browser.one("#llm-usage").getText()).contains(runId, "2200");
        browser.screenshot("llm-cost-guard");

        browser.go("/console/runs/" + runId).waitForText("LLM usage");
        assertThat(browser.one("#run-llm").getText()).contains("2200 tokens", "3 credit(s)", "USD 0.0107");
        assertThat(browser.text()).contains("gpt-4o: 1500 prompt + 700 completion tokens");
    }
}
