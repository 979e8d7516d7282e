package io.levqor.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.identity.internal.OperatorBootstrap;
import io.levqor.ops.series.MinuteCounters;
import io.levqor.support.HttpApi;
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
class ConsoleWatchdogsIntegrationTests {

    @Autowired
    HttpApi api;

    @Autowired
    TestAccounts accounts;

    @Autowired
    OperatorBootstrap operators;

    @Autowired
    MinuteCounters counters;

    @AfterEach
    void noOperator() {
        operators.apply("");
    }

    @Test
    void theOperatorSeesEachSlosBudgetAndBurnChartAndEachSeriesWithItsBand(Browser browser) {
        var operator = accounts.signUp();
        operators.apply(operator.email());
        for (int i = 0; i < 3; i++) {
            assertThat(api.get("/api/v1/test/boom").send().status()).isEqualTo(500);
        }
        counters.flush();

        browser.logIn(operator.email(), operator.password());
        browser.go("/console/operator").press("Service levels").waitForText("Burn rates");
        String availability = browser.one("#slo-availability").getText();
        // Three bad answers of four overspend the budget, but are far below the 100 answers a burn-rate alert needs.
        assertThat(availability)
                .contains("availability: 99.9 % over 30d", "Error budget left", "3 / 4", "no burn-rate alert");
        assertThat(browser.one("#slo-availability .budget-left").getText())
                .endsWith("%")
                .startsWith("-");
        assertThat(browser.one("#slo-latency").getText()).contains("latency: 95 % over 30d");
        // The burn chart: one point per hour of the 30-day window, drawn without a script.
        String consumed = browser.one("#slo-availability polyline.consumed").getAttribute("points");
        assertThat(consumed.split(" ")).hasSizeBetween(720, 721);
        // Overspent: the chart's top is the most consumed, reached in the last hour (y = 0 at the top).
        assertThat(consumed).startsWith("0.0,160.0").endsWith("600.0,0.0");
        assertThat(browser.all("svg.burn-chart[role=img][aria-label]")).hasSize(2);
        browser.screenshot("operator-slo");
        PageChecks.labelledAndFitsAPhone(browser, "operator-slo-phone");

        browser.go("/console/operator").press("Anomalies").waitForText("mean ± 3 σ");
        assertThat(browser.all("svg.band-chart polygon.band")).hasSize(5);
        assertThat(browser.one("#series-http-5xx").getText()).contains("5xx answers", "learning");
        assertThat(browser.one("#series-signups polyline.values").getAttribute("points"))
                .isNotBlank();
        browser.screenshot("operator-anomalies");
        PageChecks.labelledAndFitsAPhone(browser, "operator-anomalies-phone");
    }

    @Test
    void aNormalUserGetsA404(Browser browser) {
        var operator = accounts.signUp();
        var user = accounts.signUp();
        operators.apply(operator.email());

        browser.logIn(user.email(), user.password());
        browser.go("/console/operator/slo").waitForText("404");
        assertThat(browser.text()).doesNotContain("Burn rates");
        browser.go("/console/operator/anomalies").waitForText("404");
        assertThat(browser.text()).doesNotContain("minimum volume");
    }
}
