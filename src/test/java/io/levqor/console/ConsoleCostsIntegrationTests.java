package io.levqor.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.identity.internal.OperatorBootstrap;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.support.MutableClock;
import io.levqor.support.TestAccounts;
import io.levqor.support.browser.Browser;
import io.levqor.support.browser.BrowserExtension;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The operator's cost page: the table, the top workspaces and the CSV link; a 404 for everyone else. */
@LevqorIntegrationTest
@ExtendWith(BrowserExtension.class)
class ConsoleCostsIntegrationTests {

    @Autowired
    TestAccounts accounts;

    @Autowired
    OperatorBootstrap operators;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MutableClock clock;

    @AfterEach
    void noOperator() {
        operators.apply("");
    }

    @Test
    void theOperatorReadsCostsPerDayWithTheTopWorkspacesAndDownloadsThemAsCsv(Browser browser) {
        var operator = accounts.signUp();
        var customer = accounts.signUp();
        operators.apply(operator.email());
        jdbc.sql("""
                        INSERT INTO billing_llm_usage (tenant_id, run_id, step_path, attempt, model, prompt_tokens,
                                                       completion_tokens, credits, cost_micros, recorded_at)
                        VALUES (:t, :run, 'ask', 1, 'gpt-4o', 1000, 500, 2, 1250000, :at)
                        """)
                .param("t", UUID.fromString(customer.workspaceId()))
                .param("run", UUID.randomUUID())
                .param("at", clock.instant().atOffset(ZoneOffset.UTC))
                .update();

        browser.logIn(operator.email(), operator.password());
        browser.go("/console/operator").press("Costs").waitForText("Top workspaces by LLM cost");
        assertThat(browser.all("#costs tbody tr")).hasSize(30);
        assertThat(browser.one("#top-workspaces").getText())
                .contains(customer.workspaceId(), "1.250000 USD", "1000 / 500");
        assertThat(browser.one("#platform-limit").getText()).contains("Off");
        assertThat(browser.one("#cost-csv").getAttribute("href"))
                .contains("/console/operator/costs.csv?period=day&from=");
        browser.screenshot("operator-costs");
        PageChecks.labelledAndFitsAPhone(browser, "operator-costs-phone");

        browser.go("/console/operator/costs?from=2026-03-01&to=2026-02-01").waitForText("must not be before from");
    }

    @Test
    void aNormalUserGetsA404(Browser browser) {
        var operator = accounts.signUp();
        var user = accounts.signUp();
        operators.apply(operator.email());

        browser.logIn(user.email(), user.password());
        browser.go("/console/operator/costs").waitForText("404");
    }
}
