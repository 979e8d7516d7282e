package io.levqor.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.support.HttpApi;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.support.TestAccounts;
import io.levqor.support.browser.Browser;
import io.levqor.support.browser.BrowserExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Issue 17, "Versions": compare any version with the current one, and restore an old version as a new one. */
@LevqorIntegrationTest
@ExtendWith(BrowserExtension.class)
class ConsoleVersionsIntegrationTests {

    @Autowired
    HttpApi api;

    @Autowired
    TestAccounts accounts;

    static String definition(String greeting) {
        return "{\"trigger\": {\"type\": \"manual\"}, \"steps\": [{\"id\": \"greet\", \"type\": \"transform\", \"output\": \""
                + greeting + "\"}]}";
    }

    @Test
    void anOldVersionIsComparedWithTheCurrentOneAndRestoredAsANewVersion(Browser browser) {
        var owner = accounts.signUp();
        var created = api.post(
                        "/api/v1/workflows", "{\"name\": \"Greeter\", \"definition\": " + definition("hello") + "}")
                .bearer(owner.accessToken())
                .send();
        String id = created.json().get("id").asString();
        for (String greeting : new String[] {"bonjour", "hallo"}) {
            var saved = api.put(
                            "/api/v1/workflows/" + id,
                            "{\"name\": \"Greeter\", \"definition\": " + definition(greeting) + "}")
                    .bearer(owner.accessToken())
                    .send();
            assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
        }

        browser.logIn(owner.email(), owner.password());
        browser.go("/console/workflows/" + id + "/versions").waitForText("Restore version 1");
        assertThat(browser.hasButton("Restore version 3"))
                .as("not the current one")
                .isFalse();
        browser.click("a[aria-label='Compare version 1 with the current version']");
        browser.waitFor(d -> browser.path().contains("a=1") && browser.path().contains("b=3"));
        String diff = browser.one("pre.diff").getText();
        assertThat(diff).contains("hello").contains("hallo").doesNotContain("bonjour");
        PageChecks.labelledAndFitsAPhone(browser, "versions-compare");

        browser.pressAndConfirm("Restore version 1").waitForText("Restored version 1 as version 4.");
        JsonNode workflow = api.get("/api/v1/workflows/" + id)
                .bearer(owner.accessToken())
                .send()
                .json();
        assertThat(workflow.get("version").asInt()).isEqualTo(4);
        assertThat(workflow.get("definition").get("steps").get(0).get("output").asString())
                .isEqualTo("hello");
        browser.go("/console/workflows/" + id + "/versions?a=1&b=4");
        assertThat(browser.all("pre.diff .add, pre.diff .del")).isEmpty();
        browser.screenshot("versions-restored");
    }
}
