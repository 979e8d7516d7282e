package io.levqor.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.identity.internal.OperatorBootstrap;
import io.levqor.ops.FlagAdministration;
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
class ConsoleFlagsIntegrationTests {

    @Autowired
    TestAccounts accounts;

    @Autowired
    OperatorBootstrap operators;

    @Autowired
    FlagAdministration flags;

    @AfterEach
    void noOperator() {
        operators.apply("");
    }

    @Test
    void theOperatorCreatesAFlagAndChangesItsRolloutFromTheConsole(Browser browser) {
        var operator = accounts.signUp();
        operators.apply(operator.email());

        browser.logIn(operator.email(), operator.password());
        browser.go("/console/operator").press("Feature flags").waitForText("No flags yet.");
        browser.fill("Key", "console-beta").fill("Rollout (variant:percent, in order)", "on:abc");
        browser.press("Create flag").waitForText("Not saved: rollout");
        browser.fill("Key", "console-beta")
                .fill("Description", "Beta from the console")
                .fill("Rollout (variant:percent, in order)", "on:25");
        browser.press("Create flag").waitForText("Flag “console-beta” saved.");

        assertThat(browser.one("#flag-console-beta").getText()).contains("on:25", "Beta from the console", "on");
        assertThat(flags.get("console-beta").rolloutBasisPoints()).isEqualTo(2500);

        // The change form of the flag comes first on the page: its fields are found before the new-flag form's.
        browser.fill("Rollout (variant:percent, in order)", "on:40");
        browser.press("Save").waitForText("Flag “console-beta” saved.");

        assertThat(browser.one("#flag-console-beta").getText()).contains("on:40");
        assertThat(flags.get("console-beta").rolloutBasisPoints()).isEqualTo(4000);
        browser.screenshot("operator-flags");
        PageChecks.labelledAndFitsAPhone(browser, "operator-flags-phone");
    }

    @Test
    void aNormalUserGetsA404(Browser browser) {
        var operator = accounts.signUp();
        var user = accounts.signUp();
        operators.apply(operator.email());

        browser.logIn(user.email(), user.password());
        browser.go("/console/operator/flags").waitForText("404");
    }
}
