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
}
