package io.levqor.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.engine.internal.Worker;
import io.levqor.shared.Role;
import io.levqor.support.HttpApi;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.support.MutableClock;
import io.levqor.support.TestAccounts;
import io.levqor.support.browser.Browser;
import io.levqor.support.browser.BrowserExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;

/** The twelve bugs of issue 17 ("Console II"), each with the test that failed before its fix. */
@LevqorIntegrationTest
@ExtendWith(BrowserExtension.class)
class ConsoleBugsIntegrationTests {

    static final String PASSWORD = "correct horse battery";

    @Autowired
    HttpApi api;

    @Autowired
    TestAccounts accounts;

    @Autowired
    Worker worker;

    @Autowired
    MutableClock clock;

    @Test
    void bug1SignUpAndPasswordResetKeepTheApisPasswordRules(Browser browser) {
        browser.go("/signup").fill("E-mail", "shorty@example.com").fill("Password", "short");
        browser.press("Sign up").waitForText("Create your account");

        assertThat(browser.path()).startsWith("/signup");
        assertThat(browser.text()).contains("must be at least 10 characters");
        assertThat(api.post("/api/v1/auth/login", Map.of("email", "shorty@example.com", "password", "short"))
                        .send()
                        .status())
                .as("no account was made")
                .isEqualTo(401);

        signUp("reset@example.com");
        browser.go("/forgot-password").fill("E-mail", "reset@example.com").press("Send the link");
        browser.waitForText("we sent it a link");
        browser.go("/console/mailbox?to=reset@example.com").waitForText("Reset your Levqor password");
        browser.click("article.mail a[href*='/reset-password']");
        browser.fill("New password", "x").press("Save the password");
        browser.waitForText("must be at least 10 characters");
        assertThat(browser.path()).startsWith("/reset-password");
        browser.screenshot("bug1-reset-refused");
    }

    @Test
    void bug2ACraftedSignUpWithoutAnAtSignIsAFieldErrorNotA500(Browser browser) {
        browser.go("/signup");
        // The browser's own e-mail check would stop a person; a crafted request does not have it.
        browser.script("document.getElementById('email').type = 'text'");
        browser.fill("E-mail", "not-an-address").fill("Password", PASSWORD);
        browser.press("Sign up").waitForText("Create your account");

        assertThat(browser.text()).contains("must be an e-mail address").doesNotContain("Internal");
        assertThat(browser.one("#email").getDomAttribute("aria-invalid")).isEqualTo("true");
        browser.screenshot("bug2-signup-bad-email");
    }

    @Test
    void bug3ErrorPagesShowTheirTitleAndUnknownPathsAndMalformedIdsAreConsolePages(Browser browser) {
        var owner = accounts.signUp();
        browser.logIn(owner.email(), owner.password());

        browser.go("/console/no-such-page");
        assertThat(browser.title()).isEqualTo("Not Found · Levqor");
        assertThat(browser.one("main h1").getText()).isEqualTo("404 Not Found");
        assertThat(browser.text()).contains("There is no such page.", "Back to the console", "Workflows");
        browser.screenshot("bug3-unknown-path");

        browser.go("/console/workflows/not-a-uuid");
        assertThat(browser.one("main h1").getText()).isEqualTo("404 Not Found");
        assertThat(browser.driver().getPageSource()).doesNotContain("problem", "th:text");

        browser.go("/console/workflows/" + java.util.UUID.randomUUID());
        assertThat(browser.title()).doesNotContain("<", "th:");
        assertThat(browser.one("main h1").getText()).startsWith("404 ").doesNotContain("<", "th:");
        browser.screenshot("bug3-missing-workflow");

        var api404 =
                api.get("/api/v1/no-such-thing").bearer(owner.accessToken()).send();
        assertThat(api404.contentType()).as("the API keeps its problem+json").contains("problem+json");
    }

    @Test
    void bug8TheNavigationShowsOnlyWhatTheRoleMayOpen(Browser browser) {
        var owner = accounts.signUp();
        var manager = accounts.member(owner, Role.MANAGER);
        browser.logIn(manager.email(), manager.password());
        switchToRole(browser, "manager");

        var links = browser.all("nav.mainnav[aria-label=Main] a").stream()
                .map(a -> a.getText().trim())
                .toList();
        assertThat(links).contains("Workflows", "Runs", "Credentials").doesNotContain("API keys", "Audit log");
        for (var a : browser.all("nav.mainnav[aria-label=Main] a")) {
            var page = api.get(a.getDomAttribute("href"))
                    .header("Cookie", "LEVQOR_SESSION=" + browser.cookie("LEVQOR_SESSION"))
                    .send();
            assertThat(page.status()).as(a.getDomAttribute("href")).isEqualTo(200);
        }
        browser.screenshot("bug8-manager-navigation");

        browser.go("/console/workflows").press("Log out").waitForPath("/login");
        browser.logIn(owner.email(), owner.password());
        assertThat(browser.all("nav.mainnav[aria-label=Main] a").stream()
                        .map(a -> a.getText().trim()))
                .contains("API keys", "Audit log");
    }

    @Test
    void bug4TheCredentialFormFollowsTheChosenTypeAndTheServerRefusesDataOfAnother(Browser browser) {
        var owner = accounts.signUp();
        browser.logIn(owner.email(), owner.password());

        // Choose slack and fill its fields, with no other button pressed.
        browser.go("/console/credentials").fill("Name", "alerts").select("Type", "slack");
        assertThat(browser.field("botToken").isDisplayed()).isTrue();
        assertThat(browser.one("#cred-bearer-token").isDisplayed()).isFalse();
        browser.fill("botToken", "xoxb-secret-bot-token");
        browser.screenshot("bug4-credential-slack");
        browser.press("Save credential").waitForText("“alerts” saved.");
        assertThat(credentialTypes(owner)).containsEntry("alerts", "slack");

        // Without scripts every type's fields are sent: a bearer token filled in, then slack chosen, is refused.
        browser.go("/console/credentials");
        browser.script("document.querySelectorAll('fieldset[data-for-type]')"
                + ".forEach(f => { f.hidden = false; f.disabled = false; })");
        browser.fill("Name", "mixed").fill("token", "bearer-secret");
        browser.script("document.getElementById('cred-type').value = 'slack'");
        browser.press("Save credential").waitForText("was filled in");
        assertThat(browser.one("#cred-type-error").getText()).contains("is slack but bearer token was filled in");
        assertThat(credentialTypes(owner)).doesNotContainKey("mixed");
        assertThat(browser.driver().getPageSource()).doesNotContain("bearer-secret");
    }

    Map<String, String> credentialTypes(TestAccounts.Account owner) {
        Map<String, String> types = new java.util.HashMap<>();
        api.get("/api/v1/credentials")
                .bearer(owner.accessToken())
                .send()
                .json()
                .get("items")
                .forEach(c -> types.put(c.get("name").asString(), c.get("type").asString()));
        return types;
    }

    @Test
    void bug5AFinishedRunsPageDropsCancelAndOffersRetryWithoutAReload(Browser browser) {
        var owner = accounts.signUp();
        String workflowId = workflow(owner, FAILING);
        browser.logIn(owner.email(), owner.password());

        String runId;
        worker.stop();
        try {
            runId = startRun(owner, workflowId);
            browser.go("/console/runs/" + runId).waitForText("queued");
            assertThat(browser.hasButton("Cancel")).isTrue();
            assertThat(browser.hasButton("Retry")).isFalse();
            browser.script("window.sameDocument = true");
        } finally {
            worker.start();
        }

        browser.waitFor(d -> browser.hasButton("Retry"));
        assertThat(browser.hasButton("Cancel")).isFalse();
        assertThat(browser.script("return window.sameDocument === true"))
                .as("no reload")
                .isEqualTo(true);
        assertThat(browser.one("#run-status").getText()).isEqualTo("failed");
        browser.screenshot("bug5-run-failed-live");
    }

    @Test
    void bug6ARetriedRunShowsEachAttemptsTimeAndItsActiveTimeNotTheWaitBeforeTheClick(Browser browser) {
        var owner = accounts.signUp();
        String runId = startRun(owner, workflow(owner, FAILING));
        awaitStatus(owner, runId, "failed");
        clock.advance(Duration.ofMinutes(30));

        browser.logIn(owner.email(), owner.password());
        browser.go("/console/runs/" + runId).press("Retry").waitForText("Retrying from the failed step.");
        // The page follows the run until it ends (the owner's API token has expired with the clock moved on).
        browser.waitFor(d -> browser.hasButton("Retry") && browser.text().contains("Attempt 2"));

        assertThat(browser.one("#run-active").getText()).endsWith(" ms");
        assertThat(browser.all(".attempt-time"))
                .hasSize(2)
                .allSatisfy(t -> assertThat(t.getText()).contains("took").endsWith(" ms"));
        assertThat(browser.text()).contains("from start to end, with the wait before retries");
        browser.screenshot("bug6-run-retried");
    }

    @Test
    void bug7AFailedRunOffersRetryWithItsVersionOrWithTheLatestOneWhichGoesOnWithTheFix(Browser browser) {
        var owner = accounts.signUp();
        String workflowId = workflow(owner, FAILING);
        String runId = startRun(owner, workflowId);
        awaitStatus(owner, runId, "failed");
        var fixed = api.put(
                        "/api/v1/workflows/" + workflowId,
                        "{\"name\": \"Fragile\", \"definition\": "
                                + FAILING.replace("\"permanent\": true", "\"echo\": \"fixed\"") + "}")
                .bearer(owner.accessToken())
                .send();
        assertThat(fixed.status()).as(fixed.toString()).isEqualTo(200);

        browser.logIn(owner.email(), owner.password());
        browser.go("/console/runs/" + runId).waitForText("Retry with the latest version");
        assertThat(browser.hasButton("Retry with version 1")).isTrue();
        assertThat(browser.hasButton("Retry"))
                .as("the plain Retry gives way to the two")
                .isFalse();
        assertThat(browser.text()).contains("version 2, saved after this run started");
        browser.screenshot("bug7-run-retry-versions");

        browser.press("Retry with the latest version")
                .waitForText("Retrying from the failed step with the latest version.");
        browser.waitFor(d -> "succeeded".equals(browser.one("#run-status").getText()));
        assertThat(browser.one("#run-version").getText()).isEqualTo("2");
        assertThat(browser.all(".step-output").getLast().getAttribute("textContent"))
                .contains("fixed");
        browser.screenshot("bug7-run-retried-latest");
    }

    @Test
    void bug9TheAuditLogNamesMembersAndKeysInsteadOfRawIds(Browser browser) {
        var owner = accounts.signUp();
        var manager = accounts.member(owner, Role.MANAGER);
        String key = accounts.apiKey(owner, Role.USER);
        assertThat(api.get("/api/v1/workflows").bearer(key).send().status()).isEqualTo(200);

        browser.logIn(owner.email(), owner.password());
        browser.go("/console/audit").waitForText("Audit log");

        String table = browser.one("table").getText();
        assertThat(table)
                .contains("Test User", owner.email(), manager.email())
                .doesNotContain("user:" + owner.userId(), "user:" + manager.userId());
        assertThat(browser.all("td.audit-who[title='user:" + owner.userId() + "']"))
                .isNotEmpty();
        browser.screenshot("bug9-audit-names");
    }

    @Test
    void bug11TemplatesStartInactiveAskForWhatTheyNeedAndDoWhatTheySay(Browser browser) {
        var owner = accounts.signUp();
        var slack = api.post(
                        "/api/v1/credentials",
                        Map.of("name", "alerts", "type", "slack", "data", Map.of("botToken", "xoxb-1")))
                .bearer(owner.accessToken())
                .send();
        assertThat(slack.status()).as(slack.toString()).isEqualTo(201);
        browser.logIn(owner.email(), owner.password());

        browser.go("/console/workflows/new").press("Use Webhook → Slack").waitForText("needs a few things");
        browser.screenshot("bug11-template-needs");
        browser.select("Slack credential", "alerts").press("Continue").waitForPath("/console/workflows/new");
        String definition = browser.field("Definition (JSON)").getDomProperty("value");
        assertThat(definition).contains("\"credential\": \"alerts\"").doesNotContain("hooks.slack.com", "%");
        browser.press("Create workflow").waitForText("It is inactive");
        String slackWorkflow = browser.path().substring("/console/workflows/".length());
        assertThat(api.get("/api/v1/workflows/" + slackWorkflow)
                        .bearer(owner.accessToken())
                        .send()
                        .json()
                        .get("active")
                        .asBoolean())
                .isFalse();

        browser.go("/console/workflows/new").press("Use Webhook → reply").waitForPath("/console/workflows/new");
        browser.fill("Name", "Greeter").press("Create workflow").waitForText("It is inactive");
        String hook = java.net
                .URI
                .create(browser.field("Webhook URL").getDomProperty("value"))
                .getPath();
        assertThat(api.post(hook, Map.of("name", "Ada")).send().status())
                .as("inactive: the call starts nothing")
                .isNotIn(200, 202);
        browser.press("Activate").waitForText("Activated.");
        var answer = api.post(hook, Map.of("name", "Ada")).send();
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(answer.body()).contains("Hello Ada");
    }

    @Test
    void bug12RunNowOnAWebhookWorkflowSendsAWebhookShapedTestRequestAndSaysWhatWillReallyRun(Browser browser) {
        var owner = accounts.signUp();
        String greeter = workflow(owner, """
                {"trigger": {"type": "webhook"},
                 "steps": [{"id": "greet", "type": "transform",
                            "output": "{{ 'Hello ' & trigger.body.name & ' via ' & trigger.headers.`x-source` & ' page ' & trigger.query.page }}"}],
                 "output": "{{ steps.greet.output }}"}
                """);
        String effectful = workflow(owner, """
                {"trigger": {"type": "webhook"}, "steps": [{"id": "fragile", "type": "scripted", "permanent": true}]}
                """);
        browser.logIn(owner.email(), owner.password());

        browser.go("/console/workflows/" + effectful).waitForText("Run now");
        assertThat(browser.one("#side-effects").getText()).contains("act for real", "fragile (scripted)");

        browser.go("/console/workflows/" + greeter).waitForText("Run now");
        assertThat(browser.one("#side-effects").getText()).contains("No step acts outside Levqor");
        browser.setValue("Body (JSON)", "{\"name\": \"Ada\"}")
                .setValue("Headers", "X-Source: console")
                .fill("Query", "page=2");
        browser.screenshot("bug12-test-request");
        browser.press("Run now").waitForPath("/console/runs/");
        browser.waitFor(d -> browser.one("#run-status").getText().equals("succeeded"));
        assertThat(browser.one("#run-output").getText()).contains("Hello Ada via console page 2");
    }

    @Test
    void bug10SavingKeepsTheDefinitionInOneStableLayoutWithTheAuthorsOrderOfMembers(Browser browser) {
        var owner = accounts.signUp();
        String id = workflow(owner, """
                {"trigger": {"type": "webhook", "respond": "sync"},
                 "steps": [{"id": "greet", "type": "transform", "output": "{{ 'Hello ' & trigger.body.name }}"}],
                 "output": "{{ steps.greet.output }}"}
                """);
        browser.logIn(owner.email(), owner.password());

        browser.go("/console/workflows/" + id).waitForText("Save a new version");
        String shown = browser.field("Definition (JSON)").getDomProperty("value");
        assertThat(shown.indexOf("\"trigger\"")).isLessThan(shown.indexOf("\"steps\""));
        assertThat(shown.indexOf("\"steps\"")).isLessThan(shown.indexOf("\"output\" : \"{{ steps"));
        assertThat(shown.indexOf("\"id\"")).isLessThan(shown.indexOf("\"type\" : \"transform\""));
        assertThat(shown.indexOf("\"type\" : \"webhook\"")).isLessThan(shown.indexOf("\"respond\""));

        browser.press("Save a new version").waitForText("Saved as version 2.");
        assertThat(browser.field("Definition (JSON)").getDomProperty("value"))
                .as("saved as shown, shown as saved")
                .isEqualTo(shown);
        browser.press("History").waitForText("Compare");
        assertThat(browser.all("pre.diff .add, pre.diff .del")).isEmpty();
    }

    static final String FAILING = """
            {"trigger": {"type": "manual"}, "steps": [{"id": "fragile", "type": "scripted", "permanent": true}]}
            """;

    String workflow(TestAccounts.Account owner, String definition) {
        var created = api.post("/api/v1/workflows", "{\"name\": \"Fragile\", \"definition\": " + definition + "}")
                .bearer(owner.accessToken())
                .send();
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    String startRun(TestAccounts.Account owner, String workflowId) {
        var started = api.post("/api/v1/workflows/" + workflowId + "/runs", Map.of("input", Map.of()))
                .bearer(owner.accessToken())
                .send();
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        return started.json().get("runId").asString();
    }

    void awaitStatus(TestAccounts.Account owner, String runId, String status) {
        Instant deadline = Instant.now().plusSeconds(20);
        String seen = "";
        while (Instant.now().isBefore(deadline)) {
            seen = api.get("/api/v1/runs/" + runId)
                    .bearer(owner.accessToken())
                    .send()
                    .json()
                    .get("status")
                    .asString();
            if (seen.equals(status)) {
                return;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(
                    Duration.ofMillis(20).toNanos());
        }
        throw new AssertionError("run " + runId + " is " + seen + ", not " + status);
    }

    static void switchToRole(Browser browser, String role) {
        String option = (String) browser.script(
                "return Array.from(document.querySelectorAll('#workspace-switcher option'))"
                        + ".map(o => o.textContent.trim()).find(t => t.endsWith('(' + arguments[0] + ')'))",
                role);
        browser.switchWorkspace(option);
    }

    void signUp(String email) {
        var answer = api.post("/api/v1/auth/signup", Map.of("email", email, "password", PASSWORD))
                .send();
        assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
    }
}
