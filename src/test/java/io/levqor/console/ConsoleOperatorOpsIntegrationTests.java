package io.levqor.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.identity.internal.OperatorBootstrap;
import io.levqor.ops.alerts.Alerts;
import io.levqor.ops.errors.ErrorTracking;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.support.TestAccounts;
import io.levqor.support.browser.Browser;
import io.levqor.support.browser.BrowserExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.TimeoutException;
import org.springframework.beans.factory.annotation.Autowired;

/** The operator's backups, alerts, errors and slow-query pages, in one browser session. */
@LevqorIntegrationTest
@ExtendWith(BrowserExtension.class)
class ConsoleOperatorOpsIntegrationTests {

    @Autowired
    TestAccounts accounts;

    @Autowired
    OperatorBootstrap operators;

    @Autowired
    ErrorTracking errors;

    @Autowired
    Alerts alerts;

    @AfterEach
    void noOperator() {
        operators.apply("");
    }

    @Test
    void theOperatorBacksUpSilencesAlertsAndReadsErrorsAndSlowQueries(Browser browser) {
        var operator = accounts.signUp();
        operators.apply(operator.email());
        errors.serverError(
                "consoleerror0001", new IllegalStateException("console page probe"), "POST", "/api/v1/things");

        browser.logIn(operator.email(), operator.password());
        browser.go("/console/operator").press("Errors").waitForText("grouped by type and top frames");
        assertThat(browser.one("#errors").getText())
                .contains("java.lang.IllegalStateException", "console page probe", "POST /api/v1/things")
                .contains("consoleerror0001");

        browser.go("/console/operator").press("Slow queries").waitForText("Order by");
        assertThat(browser.all("#slow-queries tbody tr")).isNotEmpty();
        browser.go("/console/operator/slow-queries?orderBy=mean").waitForText("Order by");
        assertThat(browser.text()).doesNotContain("Not available");

        browser.go("/console/operator").press("Alerts").waitForText("Nothing is firing.");
        browser.fill("Matchers (label=value or label=~regex, comma-separated)", "alertname")
                .fill("Comment", "maintenance");
        browser.press("Create silence").waitForText("Not created: matchers");
        browser.fill(
                        "Matchers (label=value or label=~regex, comma-separated)",
                        "alertname=QueueOldestAge, severity=~warn.*")
                .fill("Duration (e.g. 30m, 2h, 1d)", "2h")
                .fill("Comment", "planned maintenance");
        browser.press("Create silence").waitForText("Silence created until");
        assertThat(browser.one("#silences").getText())
                .contains("alertname=QueueOldestAge, severity=~warn.*", "active", "planned maintenance");
        assertThat(alerts.silences(false)).hasSize(1);
        browser.press("Expire").waitForText("Silence expired.");
        assertThat(browser.one("#silences").getText()).contains("expired");
        assertThat(alerts.silences(false)).isEmpty();

        browser.go("/console/operator").press("Backups").waitForText("No backups yet.");
        browser.press("Back up now").waitForText("started: it is verified by a restore");
        // The backup runs in the background: reload until it is verified (each wait has the browser's deadline).
        boolean verified = false;
        for (int attempt = 0; attempt < 9 && !verified; attempt++) {
            try {
                browser.waitFor(d -> {
                    d.navigate().refresh();
                    return d.findElement(By.id("backups")).getText().contains("verified in");
                });
                verified = true;
            } catch (TimeoutException e) {
                // not yet
            }
        }
        assertThat(verified).as("the backup ended verified").isTrue();
        assertThat(browser.one("#backups").getText()).contains("succeeded", "console", "local", " MB");
        browser.screenshot("operator-backups");
    }

    @Test
    void aNormalUserGetsA404OnEachPage(Browser browser) {
        var operator = accounts.signUp();
        var user = accounts.signUp();
        operators.apply(operator.email());

        browser.logIn(user.email(), user.password());
        for (String page : new String[] {"backups", "alerts", "errors", "slow-queries"}) {
            browser.go("/console/operator/" + page).waitForText("404");
        }
    }
}
