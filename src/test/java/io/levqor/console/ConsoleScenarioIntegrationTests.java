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

    @Autowired
    io.levqor.billing.jdbc.AccountRepository billingAccounts;

    @Autowired
    io.levqor.billing.Credits credits;

    @Autowired
    java.time.Clock clock;

    /**
     * Issue 17, "What it must show": the newcomer's path through the builder's tools — a webhook workflow made with
     * the step forms (no JSON typed), an expression previewed, a test call captured, a step tested, the webhook called,
     * the run watched, a step broken and fixed, the failed run retried with the latest version, version 1 restored.
     * Screenshots of each page go to target/screenshots/newcomer-*.png (copied into docs/console-screenshots/).
     */
    @Test
    void aNewcomerBuildsAWebhookWorkflowWithTheFormsTestsItBreaksItFixesItAndRestoresVersionOne(Browser browser) {
        browser.go("/signup").fill("Name", "Grace").fill("E-mail", "grace@example.com");
        browser.fill("Password", "correct horse battery").press("Sign up");
        browser.waitForPath("/console/workflows");
        String workspace = api.post(
                        "/api/v1/auth/login",
                        java.util.Map.of("email", "grace@example.com", "password", "correct horse battery"))
                .send()
                .json()
                .get("workspaceId")
                .asString();
        // Several runs today: past the free plan's one a day (the plan is not what this test is about).
        var id = new io.levqor.shared.WorkspaceId(java.util.UUID.fromString(workspace));
        credits.grantSignupCredits(id);
        billingAccounts.setPlan(id, "business", clock.instant());
        credits.grant(id, 1_000, "newcomer-test");

        // 1. A webhook workflow made with the forms: no JSON typed.
        browser.go("/console/workflows").press("New workflow").press("Use Blank");
        browser.one("#step-form[data-ready]");
        browser.fill("Name", "Hello hook");
        browser.select("Trigger type", "webhook");
        browser.click("[aria-label='Delete first']");
        browser.waitFor(
                d -> d.findElements(By.cssSelector("[data-step-id=first]")).isEmpty());
        new org.openqa.selenium.support.ui.Select(browser.one("button[data-add-step='/steps']")
                        .findElement(By.xpath("preceding-sibling::select")))
                .selectByValue("transform");
        browser.click("button[data-add-step='/steps']");
        var stepId = browser.one("input[data-pointer='/steps/0/id']");
        stepId.clear();
        stepId.sendKeys("greet");
        browser.one("textarea[data-pointer='/steps/0/output']").sendKeys("Hello {{ trigger.body.name }}");
        // 2. The expression's value against the sample data (a webhook call with {"name": "Ada"}), as typed.
        browser.waitFor(d -> d.findElement(By.cssSelector("[data-preview='/steps/0/output']"))
                .getText()
                .equals("= \"Hello Ada\""));
        browser.waitFor(d -> "0".equals(d.findElement(By.id("problems")).getDomAttribute("data-count")));
        browser.screenshot("newcomer-1-form");
        browser.press("Create workflow").waitForText("Workflow “Hello hook” created.");
        String workflowPage = browser.path();
        String hook =
                URI.create(browser.field("Webhook URL").getDomProperty("value")).getPath();

        // 3. Listen for a test call: the next call becomes the sample's trigger and starts no run.
        browser.one("#step-form[data-ready]");
        browser.click("#sample-section summary");
        browser.press("Listen for a test webhook call");
        browser.waitForText("call the webhook URL now");
        var captured = api.post(hook, "{\"name\": \"Grace\"}").send();
        assertThat(captured.status()).as(captured.toString()).isEqualTo(200);
        browser.waitForText("Captured a call");
        assertThat(browser.field("Sample data (JSON)").getDomProperty("value")).contains("Grace");
        // 4. Test the step on it.
        browser.click("button[data-test-step=greet]");
        browser.waitFor(d -> d.findElement(By.cssSelector("[data-test-result=greet]"))
                .getText()
                .contains("Hello Grace"));
        browser.screenshot("newcomer-2-test-step");

        // 5. Activate, call the webhook as curl would, watch the run.
        browser.press("Activate").waitForText("Activated.");
        String runId =
                api.post(hook, "{\"name\": \"Ada\"}").send().json().get("runId").asString();
        browser.go("/console/runs/" + runId);
        browser.waitFor(
                d -> d.findElements(By.cssSelector("#run-status.succeeded")).size() == 1);
        assertThat(browser.one("[data-step=greet] .step-output").getText()).contains("Hello Ada");
        browser.screenshot("newcomer-3-run");

        // 6. Break the step (version 2), call it: the run fails.
        browser.go(workflowPage).one("#step-form[data-ready]");
        var output = browser.one("textarea[data-pointer='/steps/0/output']");
        output.clear();
        output.sendKeys("{{ $error('broken on purpose') }}");
        browser.waitFor(d -> "0".equals(d.findElement(By.id("problems")).getDomAttribute("data-count")));
        browser.press("Save a new version").waitForText("Saved as version 2.");
        String failed =
                api.post(hook, "{\"name\": \"Ada\"}").send().json().get("runId").asString();
        browser.go("/console/runs/" + failed);
        browser.waitFor(
                d -> d.findElements(By.cssSelector("#run-status.failed")).size() == 1);
        browser.screenshot("newcomer-4-failed");

        // 7. Fix it (version 3) and retry the failed run with the latest version.
        browser.go(workflowPage).one("#step-form[data-ready]");
        output = browser.one("textarea[data-pointer='/steps/0/output']");
        output.clear();
        output.sendKeys("Hello again {{ trigger.body.name }}");
        browser.waitFor(d -> "0".equals(d.findElement(By.id("problems")).getDomAttribute("data-count")));
        browser.press("Save a new version").waitForText("Saved as version 3.");
        browser.go("/console/runs/" + failed).press("Retry with the latest version");
        browser.waitFor(
                d -> d.findElements(By.cssSelector("#run-status.succeeded")).size() == 1);
        assertThat(browser.one("#run-version").getText()).isEqualTo("3");
        assertThat(browser.one("[data-step=greet]").getText()).contains("Hello again Ada");
        browser.screenshot("newcomer-5-retried");

        // 8. Restore version 1 (as version 4).
        browser.go(workflowPage).press("History");
        browser.pressAndConfirm("Restore version 1").waitForText("Restored version 1 as version 4.");
        browser.screenshot("newcomer-6-restored");
    }
}
