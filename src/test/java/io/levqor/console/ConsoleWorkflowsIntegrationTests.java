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
import org.openqa.selenium.WebElement;
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
        browser.one("#step-form[data-ready]");
        browser.press("JSON"); // the line numbers are the JSON view's

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

    /**
     * Issue 17, "Step forms": a workflow built with forms drawn from the schema (no JSON typed), nested lanes,
     * credential pickers filtered by type, reorder and delete, and the JSON view in sync both ways.
     */
    @Test
    void aBuilderMakesAWorkflowWithTheStepFormsAndTheJsonFollowsBothWays(Browser browser) {
        var owner = accounts.signUp();
        assertThat(api.post(
                                "/api/v1/credentials",
                                java.util.Map.of(
                                        "name", "tok", "type", "bearer", "data", java.util.Map.of("token", "s3cret")))
                        .bearer(owner.accessToken())
                        .send()
                        .status())
                .isEqualTo(201);
        browser.logIn(owner.email(), owner.password());
        browser.go("/console/workflows/new?template=blank");
        browser.one("#step-form[data-ready]");
        browser.fill("Name", "Formed");
        browser.select("Trigger type", "webhook");
        browser.click("[aria-label='Delete first']"); // the blank template's step
        browser.waitFor(
                d -> d.findElements(By.cssSelector("[data-step-id=first]")).isEmpty());

        addStep(browser, "/steps", "http");
        browser.one("input[data-pointer='/steps/0/url']").sendKeys("https://example.com/{{ trigger.body.name }}");
        browser.click("[data-step-id=http1] > details.more-fields > summary");
        var credential =
                new org.openqa.selenium.support.ui.Select(browser.one("select[data-pointer='/steps/0/credential']"));
        assertThat(credential.getOptions()).extracting(WebElement::getText).contains("tok (bearer)");
        credential.selectByVisibleText("tok (bearer)");
        addStep(browser, "/steps", "slack");
        browser.click("[data-step-id=slack1] > details.more-fields > summary");
        assertThat(new org.openqa.selenium.support.ui.Select(browser.one("select[data-pointer='/steps/1/credential']"))
                        .getOptions())
                .extracting(WebElement::getText)
                .doesNotContain("tok (bearer)");
        addStep(browser, "/steps", "switch");
        browser.one("input[data-pointer='/steps/2/cases/0/when']").sendKeys("{{ trigger.body.vip }}");
        addStep(browser, "/steps/2/cases/0/steps", "transform");
        browser.one("textarea[data-pointer='/steps/2/cases/0/steps/0/output']")
                .sendKeys("Hello {{ trigger.body.name }}");
        addStep(browser, "/steps", "forEach");
        browser.one("input[data-pointer='/steps/3/items']").sendKeys("{{ trigger.body.list }}");
        addStep(browser, "/steps/3/steps", "transform");
        browser.one("textarea[data-pointer='/steps/3/steps/0/output']").sendKeys("{{ item }}");
        browser.click("[data-step-id=slack1] [aria-label='Delete slack1']");
        browser.click("[data-step-id=switch1] [aria-label='Move switch1 up']");
        browser.waitFor(d -> d.findElements(By.cssSelector("#diagram .lanes")).size() == 2);
        assertThat(browser.one("#diagram").getText()).contains("case1: when {{ trigger.body.vip }}", "each item");
        browser.screenshot("workflow-step-forms");
        PageChecks.labelledAndFitsAPhone(browser, "workflow-step-forms-phone");

        // "Test step" runs the nested step for real on the sample data (a webhook call with {"name": "Ada"}).
        browser.click("button[data-test-step=transform1]");
        browser.waitFor(d -> d.findElement(By.cssSelector("[data-test-result=transform1]"))
                .getText()
                .contains("succeeded"));
        assertThat(browser.one("[data-test-result=transform1]").getText()).contains("Hello Ada");
        browser.screenshot("workflow-test-step");

        // The JSON view holds what the forms built, in the order they now show.
        browser.press("JSON");
        tools.jackson.databind.JsonNode json = tools.jackson.databind.json.JsonMapper.builder()
                .build()
                .readTree(browser.field("Definition (JSON)").getDomProperty("value"));
        assertThat(json.get("trigger").get("type").asString()).isEqualTo("webhook");
        var ids = new java.util.ArrayList<String>();
        json.get("steps").forEach(step -> ids.add(step.get("id").asString()));
        assertThat(ids).containsExactly("switch1", "http1", "forEach1");
        assertThat(json.get("steps").get(2).get("steps").get(0).get("id").asString())
                .isEqualTo("transform2");
        assertThat(json.get("steps")
                        .get(0)
                        .get("cases")
                        .get(0)
                        .get("steps")
                        .get(0)
                        .get("output")
                        .asString())
                .isEqualTo("Hello {{ trigger.body.name }}");
        assertThat(json.get("steps").get(1).get("credential").asString()).isEqualTo("tok");

        // And back: a step renamed in the JSON shows in the form; a problem shows beside its field there.
        browser.setValue(
                "Definition (JSON)",
                browser.field("Definition (JSON)")
                        .getDomProperty("value")
                        .replace("\"http1\"", "\"fetch\"")
                        .replace("\"forEach1\",", "\"forEach1\", \"concurrency\": 0,"));
        browser.press("Form");
        browser.one("[data-step-id=fetch] input[data-pointer='/steps/1/id']");
        browser.waitFor(d -> d.findElements(By.cssSelector("[data-pointer='/steps/2/concurrency'] .field-error"))
                        .size()
                == 1);
        browser.one("input[data-pointer='/steps/2/concurrency']").clear();
        browser.one("input[data-pointer='/steps/2/concurrency']").sendKeys("5");
        browser.waitFor(d -> "0".equals(d.findElement(By.id("problems")).getDomAttribute("data-count")));
        browser.press("Create workflow").waitForText("Workflow “Formed” created.");
        var saved = api.get("/api/v1/workflows/" + browser.path().substring("/console/workflows/".length()))
                .bearer(owner.accessToken())
                .send()
                .json();
        assertThat(saved.get("definition")
                        .get("steps")
                        .get(2)
                        .get("concurrency")
                        .asInt())
                .isEqualTo(5);
    }

    private static void addStep(Browser browser, String lane, String type) {
        String button = "button[data-add-step='" + lane + "']";
        new org.openqa.selenium.support.ui.Select(
                        browser.one(button).findElement(By.xpath("preceding-sibling::select")))
                .selectByValue(type);
        browser.click(button);
    }
}
