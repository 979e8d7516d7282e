package io.levqor.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.support.HttpApi;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.support.TestAccounts;
import io.levqor.support.browser.Browser;
import io.levqor.support.browser.BrowserExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.Keys;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;

/** Issue 17, "Comfort": dark mode, the shortcuts overlay, the command palette, save / run keys, unsaved changes. */
@LevqorIntegrationTest
@ExtendWith(BrowserExtension.class)
class ConsoleComfortIntegrationTests {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ConsoleComfortIntegrationTests.class);

    static final String LIGHT_BACKGROUND = "rgb(246, 247, 250)";
    static final String DARK_BACKGROUND = "rgb(15, 19, 26)";

    @Autowired
    HttpApi api;

    @Autowired
    TestAccounts accounts;

    @Autowired
    io.levqor.billing.jdbc.AccountRepository billingAccounts;

    @Autowired
    java.time.Clock clock;

    @Autowired
    io.levqor.billing.Credits credits;

    /** The free plan starts one run a day; these tests start several. */
    void unlimited(TestAccounts.Account owner) {
        var workspace = new io.levqor.shared.WorkspaceId(java.util.UUID.fromString(owner.workspaceId()));
        credits.grantSignupCredits(workspace); // creates the billing account if the sign-up's listener has not yet
        billingAccounts.setPlan(workspace, "business", clock.instant());
        credits.grant(workspace, 10_000, "console-tests");
    }

    String workflow(TestAccounts.Account owner, String name) {
        var created = api.post(
                        "/api/v1/workflows",
                        "{\"name\": \"" + name + "\", \"definition\": {\"trigger\": {\"type\": \"manual\"}, \"steps\":"
                                + " [{\"id\": \"t\", \"type\": \"transform\", \"output\": 1}]}}")
                .bearer(owner.accessToken())
                .send();
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    static String background(Browser browser) {
        return (String) browser.script("return getComputedStyle(document.body).backgroundColor");
    }

    static void keys(Browser browser, CharSequence... keys) {
        new Actions(browser.driver()).sendKeys(keys).perform();
    }

    static void withControl(Browser browser, CharSequence key) {
        new Actions(browser.driver())
                .keyDown(Keys.CONTROL)
                .sendKeys(key)
                .keyUp(Keys.CONTROL)
                .perform();
    }

    static void systemScheme(Browser browser, String scheme) {
        ((ChromeDriver) browser.driver())
                .executeCdpCommand(
                        "Emulation.setEmulatedMedia",
                        Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", scheme))));
    }

    @Test
    void darkModeFollowsTheSystemUntilSwitchedAndIsRemembered(Browser browser) {
        var owner = accounts.signUp();
        unlimited(owner);
        String id = workflow(owner, "Night shift");
        browser.logIn(owner.email(), owner.password());
        try {
            browser.go("/console/workflows/" + id).waitForText("Theme: system");
            assertThat(background(browser)).isEqualTo(LIGHT_BACKGROUND);
            systemScheme(browser, "dark");
            browser.waitFor(d -> DARK_BACKGROUND.equals(background(browser)));
            systemScheme(browser, "light");
            browser.waitFor(d -> LIGHT_BACKGROUND.equals(background(browser)));

            browser.press("Theme: system").waitForText("Theme: dark");
            assertThat(background(browser)).isEqualTo(DARK_BACKGROUND);
            assertThat(browser.one("[data-theme-toggle]").getAttribute("aria-label"))
                    .startsWith("Theme: dark");
            browser.go("/console/runs").waitForText("Theme: dark");
            assertThat(background(browser)).as("remembered").isEqualTo(DARK_BACKGROUND);
            browser.screenshot("comfort-dark-runs");
            browser.go("/console/workflows/" + id);
            PageChecks.labelledAndFitsAPhone(browser, "comfort-dark-editor");

            browser.press("Theme: dark").waitForText("Theme: light");
            systemScheme(browser, "dark");
            assertThat(background(browser)).as("a choice beats the system").isEqualTo(LIGHT_BACKGROUND);
            browser.press("Theme: light").waitForText("Theme: system");
            browser.waitFor(d -> DARK_BACKGROUND.equals(background(browser)));
        } finally {
            systemScheme(browser, "light");
            browser.script("window.localStorage.removeItem('levqor-theme')");
        }
    }

    @Test
    void questionMarkListsTheShortcutsAndThePaletteJumpsToAWorkflowOrARun(Browser browser) {
        var owner = accounts.signUp();
        unlimited(owner);
        String id = workflow(owner, "Invoice sync");
        workflow(owner, "Slack digest");
        String runId = api.post("/api/v1/workflows/" + id + "/runs", Map.of("input", Map.of()))
                .bearer(owner.accessToken())
                .send()
                .json()
                .get("runId")
                .asString();
        browser.logIn(owner.email(), owner.password());

        browser.go("/console/runs").waitForText("Runs");
        keys(browser, "?");
        browser.waitFor(d -> Boolean.TRUE.equals(browser.script("return document.getElementById('shortcuts').open")));
        assertThat(browser.one("#shortcuts").getText())
                .contains("Keyboard shortcuts")
                .contains("Command palette")
                .contains("Ctrl S")
                .contains("Ctrl Shift Enter");
        assertThat(browser.script("return document.activeElement.textContent")).isEqualTo("Close");
        browser.screenshot("comfort-shortcuts");
        keys(browser, Keys.ESCAPE);
        browser.waitFor(d -> Boolean.FALSE.equals(browser.script("return document.getElementById('shortcuts').open")));

        keys(browser, "/");
        assertThat(browser.script("return document.activeElement.id"))
                .as("/ focuses the search")
                .isEqualTo("f-q");

        browser.go("/console").waitForText("Workflows");
        withControl(browser, "k");
        browser.waitFor(d -> "palette-input".equals(browser.script("return document.activeElement.id")));
        keys(browser, "invoice");
        browser.waitFor(d -> browser.one("#palette-results").getText().contains("Invoice sync"));
        assertThat(browser.one("#palette-results").getText()).doesNotContain("Slack digest");
        browser.screenshot("comfort-palette");
        keys(browser, Keys.ENTER);
        browser.waitForPath("/console/workflows/" + id);

        withControl(browser, "k");
        browser.waitFor(d -> "palette-input".equals(browser.script("return document.activeElement.id")));
        // The end of the id: UUIDv7 ids made within the same minute share their first characters.
        keys(browser, runId.substring(24));
        browser.waitFor(d -> browser.one("#palette-results").getText().contains("Run " + runId));
        keys(browser, Keys.ENTER);
        browser.waitForPath("/console/runs/" + runId);
    }

    @Test
    void theEditorSavesAndRunsFromTheKeyboardAndWarnsBeforeUnsavedChangesAreLeft(Browser browser) {
        var owner = accounts.signUp();
        unlimited(owner);
        String id = workflow(owner, "Draft");
        browser.logIn(owner.email(), owner.password());

        browser.go("/console/workflows/" + id).fill("Name", "Draft two");
        browser.click(".mainnav a[href$='/console/runs']");
        browser.waitFor(ExpectedConditions.alertIsPresent()).dismiss();
        assertThat(browser.path()).isEqualTo("/console/workflows/" + id);

        browser.field("Name").click();
        withControl(browser, "s");
        browser.waitForText("Saved as version 2.");
        browser.click(".mainnav a[href$='/console/runs']");
        browser.waitForPath("/console/runs");

        // Ctrl+Shift+Enter tests the step being edited, with no click on its button.
        browser.go("/console/workflows/" + id).waitForText("Test step");
        browser.field("Name").click();
        new Actions(browser.driver())
                .keyDown(Keys.CONTROL)
                .keyDown(Keys.SHIFT)
                .sendKeys(Keys.ENTER)
                .keyUp(Keys.SHIFT)
                .keyUp(Keys.CONTROL)
                .perform();
        browser.waitFor(d -> !d.findElements(org.openqa.selenium.By.cssSelector(".step-test-output"))
                .isEmpty());
        assertThat(browser.one(".step-test-output").getText()).isEqualTo("1");

        browser.go("/console/workflows/" + id).waitForText("Run now");
        browser.field("Input (JSON)").click();
        new Actions(browser.driver())
                .keyDown(Keys.CONTROL)
                .sendKeys(Keys.ENTER)
                .keyUp(Keys.CONTROL)
                .perform();
        browser.waitForPath("/console/runs/");

        // No page carries more than 300 KB of scripts (the billing page, with Chart.js, is the heaviest).
        for (String page : List.of("/console/workflows/" + id, "/console/runs", "/console/billing")) {
            browser.go(page).waitForText("Levqor");
            Long bytes = (Long) browser.script("""
                    return Promise.all(Array.from(document.scripts).filter(s => s.src)
                        .map(s => fetch(s.src).then(r => r.text()).then(t => new Blob([t]).size)))
                      .then(sizes => sizes.reduce((a, b) => a + b, 0));
                    """);
            assertThat(bytes).as(page + " scripts").isLessThan(300L * 1024);
            LOG.info("scripts on {}: {} bytes", page, bytes);
        }
    }
}
