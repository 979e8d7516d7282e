package io.levqor.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.identity.internal.OperatorBootstrap;
import io.levqor.ops.Incidents;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.support.TestAccounts;
import io.levqor.support.browser.Browser;
import io.levqor.support.browser.BrowserExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;

@LevqorIntegrationTest
@ExtendWith(BrowserExtension.class)
class ConsoleIncidentsIntegrationTests {

    @Autowired
    TestAccounts accounts;

    @Autowired
    OperatorBootstrap operators;

    @Autowired
    Incidents incidents;

    @AfterEach
    void noOperator() {
        operators.apply("");
    }

    @Test
    void theOperatorOpensUpdatesAndResolvesAnIncidentFromTheConsole(Browser browser) {
        var operator = accounts.signUp();
        operators.apply(operator.email());

        browser.logIn(operator.email(), operator.password());
        browser.go("/console/operator").press("Incidents").waitForText("No open incidents.");
        browser.fill("Title", "Scheduler stalled").fill("First update", "Cron runs are late.");
        browser.press("Open incident").waitForText("Not opened: components");
        browser.fill("Title", "Scheduler stalled")
                .select("Impact", "major")
                .fill("First update", "Cron runs are late.");
        browser.click("input[name=components][value=scheduler]");
        browser.press("Open incident").waitForText("Incident “Scheduler stalled” opened");

        var open = incidents.list("open", 10);
        assertThat(open).hasSize(1);
        String id = open.getFirst().id().toString();
        assertThat(open.getFirst().components()).containsExactly("scheduler");
        assertThat(browser.one("#incident-" + id).getText()).contains("Scheduler stalled", "Cron runs are late.");

        browser.select("Status", "identified").fill("Update", "A stuck lock; released.");
        browser.press("Post update").waitForText("Update posted to “Scheduler stalled”.");
        assertThat(browser.one("#incident-" + id).getText()).contains("A stuck lock; released.");
        browser.screenshot("operator-incidents");
        PageChecks.labelledAndFitsAPhone(browser, "operator-incidents-phone");

        browser.desktop();
        browser.select("Status", "resolved").fill("Update", "Schedules fire on time again.");
        browser.press("Post update").waitForText("“Scheduler stalled” resolved.");
        assertThat(incidents.get(open.getFirst().id()).open()).isFalse();
        assertThat(browser.one("#resolved").getText()).contains("Scheduler stalled");
        assertThat(browser.text()).contains("No open incidents.");
    }

    @Test
    void aNormalUserGetsA404(Browser browser) {
        var operator = accounts.signUp();
        var user = accounts.signUp();
        operators.apply(operator.email());

        browser.logIn(user.email(), user.password());
        browser.go("/console/operator/incidents").waitForText("404");
    }
}
