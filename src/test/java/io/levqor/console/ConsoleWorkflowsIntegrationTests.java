package io.levqor.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.shared.Role;
import io.levqor.support.HttpApi;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.support.TestAccounts;
import io.levqor.support.browser.Browser;
import io.levqor.support.browser.BrowserExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;

@LevqorIntegrationTest
@ExtendWith(BrowserExtension.class)
class ConsoleWorkflowsIntegrationTests {

    // test-noop is the step type every test context has (the engine's step types join once it lands on main).
    static final String VALID = """
            {
              "trigger": { "type": "webhook" },
              "steps": [
                { "id": "first", "type": "test-noop", "note": "hello" },
                { "id": "second", "type": "test-noop", "if": "{{ trigger.body.vip = true }}" }
              ]
            }
            """;

    static final String UNKNOWN_TYPE_ON_LINE_5 = """
            {
              "trigger": { "type": "webhook" },
              "steps": [
                { "id": "first", "type": "test-noop" },
                { "id": "second", "type": "no-such-type" }
              ]
            }
            """;

    @Autowired
    HttpApi api;

    @Autowired
    TestAccounts accounts;

    @Test
    void aBuilderCreatesAWorkflowSeesItsDiagramAndWebhookAndComparesVersions(Browser browser) {
        var owner = accounts.signUp();
        browser.logIn(owner.email(), owner.password());

        browser.press("New workflow").waitForText("Webhook → Slack");
        browser.screenshot("workflow-templates");
        browser.press("Use Blank").waitForPath("/console/workflows/new");
        browser.fill("Name", "Greeter").setValue("Definition (JSON)", VALID);
        browser.waitFor(d ->
                d.findElements(By.cssSelector("#diagram [data-step=second]")).size() == 1);
        assertThat(browser.one("#diagram").getText()).contains("first", "second", "runs only if");
        browser.press("Create workflow").waitForText("Workflow “Greeter” created.");

        String workflowPath = browser.path();
        assertThat(browser.field("Webhook URL").getDomProperty("value")).contains("/hooks/");
        assertThat(browser.field("Try it with curl").getDomProperty("value"))
                .startsWith("curl -X POST '")
                .contains("/hooks/");
        browser.screenshot("workflow-editor");

        browser.setValue("Definition (JSON)", VALID.replace("hello", "hello again"));
        browser.press("Save a new version").waitForText("Saved as version 2.");
        browser.press("History").waitForText("Compare");
        assertThat(browser.one("pre.diff").getText()).contains("- ", "hello\"", "+ ", "hello again");
        browser.screenshot("workflow-history");

        browser.go("/console/workflows").waitForText("Greeter");
        assertThat(browser.text()).contains("webhook", "active");
        browser.go(workflowPath);
    }

    @Test
    void anInvalidDefinitionShowsItsProblemNextToTheLineAndCannotBeSaved(Browser browser) {
        var owner = accounts.signUp();
        browser.logIn(owner.email(), owner.password());
        browser.go("/console/workflows/new?template=blank");

        browser.setValue("Definition (JSON)", UNKNOWN_TYPE_ON_LINE_5);

        var problem = browser.waitFor(d -> d.findElements(By.cssSelector("#problems li[data-line='5']")).stream()
                .findFirst()
                .orElse(null));
        assertThat(problem.getText()).contains("Line 5", "/steps/1/type");
        assertThat(browser.all(".gutter .err")).extracting(e -> e.getText()).containsExactly("5");
        assertThat(browser.clickable("Create workflow").isEnabled()).isFalse();
        browser.screenshot("workflow-invalid");

        // Past the disabled button, the server refuses too and shows the same problem.
        browser.script("document.querySelector('form.workflow-form').submit()");
        browser.waitFor(d ->
                !d.findElements(By.cssSelector("#problems li[data-line='5']")).isEmpty());
        var listed = api.get("/api/v1/workflows").bearer(owner.accessToken()).send();
        assertThat(listed.json().get("items")).isEmpty();
    }

    @Test
    void aViewerSeesNoEditButtonsAndAForgedEditIsRefused(Browser browser) {
        var owner = accounts.signUp();
        String id = api.post("/api/v1/workflows", "{\"name\": \"Read only\", \"definition\": " + VALID + "}")
                .bearer(owner.accessToken())
                .send()
                .json()
                .get("id")
                .asString();
        var viewer = accounts.member(owner, Role.VIEWER);

        browser.logIn(viewer.email(), viewer.password());
        browser.switchWorkspace("Test User's workspace (viewer)");
        browser.go("/console/workflows").waitForText("Read only");
        assertThat(browser.hasButton("New workflow")).isFalse();
        browser.go("/console/workflows/" + id).waitForText("Read only");
        assertThat(browser.hasButton("Save a new version")).isFalse();
        assertThat(browser.hasButton("Delete")).isFalse();
        assertThat(browser.hasButton("Deactivate")).isFalse();
        assertThat(browser.field("Definition (JSON)").getDomProperty("readOnly"))
                .isEqualTo("true");
        browser.screenshot("workflow-viewer");

        var forged = api.post("/console/workflows/" + id + "/delete", "")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", "LEVQOR_SESSION=" + browser.cookie("LEVQOR_SESSION"))
                .header("X-CSRF-TOKEN", browser.csrfToken())
                .send();

        assertThat(forged.status()).isEqualTo(403);
        assertThat(api.get("/api/v1/workflows/" + id)
                        .bearer(owner.accessToken())
                        .send()
                        .status())
                .isEqualTo(200);
    }
}
