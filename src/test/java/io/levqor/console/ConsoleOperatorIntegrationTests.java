package io.levqor.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.identity.internal.OperatorBootstrap;
import io.levqor.support.HttpApi;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.support.TestAccounts;
import io.levqor.support.browser.Browser;
import io.levqor.support.browser.BrowserExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;

@LevqorIntegrationTest
@ExtendWith(BrowserExtension.class)
class ConsoleOperatorIntegrationTests {

    @Autowired
    HttpApi api;

    @Autowired
    TestAccounts accounts;

    @Autowired
    OperatorBootstrap operators;

    @AfterEach
    void noOperator() {
        operators.apply("");
    }

    @Test
    void theOperatorSeesEveryWorkspaceTheirRunsAndTheFailures(Browser browser) {
        var operator = accounts.signUp();
        var builder = accounts.signUp();
        operators.apply(operator.email());
        // The free plan's cap is one run a day: one failing run in each workspace.
        for (var account : List.of(operator, builder)) {
            var started = api.post("/api/v1/workflows/" + failingWorkflow(account) + "/runs", Map.of("input", Map.of()))
                    .bearer(account.accessToken())
                    .send();
            assertThat(started.status()).as(started.toString()).isEqualTo(202);
        }

        browser.logIn(operator.email(), operator.password());
        browser.clickable("Operator").click();
        browser.waitForText("Operator overview");
        browser.waitFor(d -> {
            d.navigate().refresh();
            return d.findElements(By.xpath("//h2[@id='failures-title']/following-sibling::div[1]//tbody/tr"))
                            .size()
                    == 2;
        });
        String text = browser.text();
        assertThat(text).contains(operator.email(), builder.email(), "Free", "Runs, last 24 h");
        assertThat(browser.one("#workspace-count").getText()).isEqualTo("2");
        assertThat(browser.one("#runs-last-day").getText()).isEqualTo("2");
        assertThat(browser.all("canvas.line-chart")).hasSize(2);
        assertThat(browser.one("#failures-title + div").getText()).contains("scripted permanent failure");
        browser.screenshot("operator-overview");
        assertThat(browser.all("canvas[role=img][aria-labelledby]")).hasSize(2);
        PageChecks.labelledAndFitsAPhone(browser, "operator-overview-phone");
    }

    @Test
    void aNormalUserGetsNoLinkAndA404(Browser browser) {
        var operator = accounts.signUp();
        var user = accounts.signUp();
        operators.apply(operator.email());

        browser.logIn(user.email(), user.password());
        assertThat(browser.all("nav.mainnav a").stream().map(a -> a.getText()).toList())
                .contains("Workflows")
                .doesNotContain("Operator");
        browser.go("/console/operator").waitForText("404");
        assertThat(browser.text()).doesNotContain("Operator overview", operator.email());
    }

    private String failingWorkflow(TestAccounts.Account account) {
        var created = api.post(
                        "/api/v1/workflows",
                        Map.of(
                                "name",
                                "fragile",
                                "definition",
                                Map.of(
                                        "trigger",
                                        Map.of("type", "manual"),
                                        "steps",
                                        List.of(Map.of("id", "fragile", "type", "scripted", "permanent", true)))))
                .bearer(account.accessToken())
                .send();
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asString();
    }
}
