package io.levqor.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.support.HttpApi;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.support.browser.Browser;
import io.levqor.support.browser.BrowserExtension;
import java.net.URI;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;

/** The story, end to end in a real browser: from signing up to hitting the free plan's daily cap. */
@LevqorIntegrationTest
@ExtendWith(BrowserExtension.class)
class ConsoleScenarioIntegrationTests {

    private static final Pattern CURL = Pattern.compile("curl -X POST '([^']+)' -H '[^']+' -d '([^']+)'");

    @Autowired
    HttpApi api;

    @Test
    void aVisitorSignsUpBuildsAWebhookWorkflowTriggersItWatchesTheRunAndMeetsTheDailyCap(Browser browser) {
        browser.go("/signup").fill("Name", "Ada").fill("E-mail", "ada@example.com");
        browser.fill("Password", "correct horse battery").press("Sign up");
        browser.waitForPath("/console/workflows");
        browser.go("/console/mailbox").waitForText("Confirm your e-mail address");
        browser.click("article.mail a[href*='/verify-email']");
        browser.waitForText("E-mail address confirmed");

        browser.go("/console/workflows").press("New workflow").press("Use Webhook → reply");
        browser.waitForPath("/console/workflows/new");
        browser.fill("Name", "Greeter").press("Create workflow").waitForText("Workflow “Greeter” created.");
        browser.press("Activate").waitForText("Activated.");
        String workflowPage = browser.path();
        String curl = browser.field("Try it with curl").getDomProperty("value");

        // What a user would paste into a shell: the URL's path and body, sent to this server.
        Matcher parts = CURL.matcher(curl);
        assertThat(parts.matches()).as(curl).isTrue();
        var accepted =
                api.post(URI.create(parts.group(1)).getPath(), parts.group(2)).send();
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(200);
        assertThat(accepted.body()).contains("Hello Ada");

        browser.go("/console/runs").waitForText("Greeter");
        browser.waitFor(d -> {
            d.navigate().refresh();
            return d.findElements(By.cssSelector("#run-rows .badge.succeeded")).size() == 1;
        });
        browser.screenshot("runs");
        browser.click("#run-rows a");
        browser.waitForText("Steps");
        assertThat(browser.one("[data-step=greet] .step-output").getText()).contains("\"message\"", "Hello Ada");
        browser.screenshot("run");

        browser.go("/console/billing").waitForText("Credit balance");
        assertThat(browser.one("#credit-balance").getText()).isEqualTo("49");
        browser.screenshot("billing");

        browser.go(workflowPage).press("Run now");
        browser.waitForText("You have reached today’s run limit");
        assertThat(browser.hasButton("See plans and usage")).isTrue();
        browser.screenshot("upgrade-prompt");
    }
}
