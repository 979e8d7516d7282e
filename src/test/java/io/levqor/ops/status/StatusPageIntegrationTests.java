package io.levqor.ops.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.identity.internal.OperatorBootstrap;
import io.levqor.support.HttpApi;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.support.TestAccounts;
import io.levqor.support.browser.Browser;
import io.levqor.support.browser.BrowserExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;

@LevqorIntegrationTest
@ExtendWith(BrowserExtension.class)
class StatusPageIntegrationTests {

    @Autowired
    HttpApi api;

    @Autowired
    TestAccounts accounts;

    @Autowired
    OperatorBootstrap operators;

    @AfterEach
    void noOperator() {
        operators.apply("");
    }

    @Test
    void theStatusPageShowsTheComponentsAndAnOpenIncidentsTimelineWithoutAnyScript(Browser browser) {
        var operator = accounts.signUp();
        operators.apply(operator.email());
        String token = api.post(
                        "/api/v1/auth/login", Map.of("email", operator.email(), "password", operator.password()))
                .send()
                .json()
                .path("accessToken")
                .asString();
        String id = api.post(
                        "/api/v1/admin/incidents",
                        Map.of(
                                "title", "Webhook deliveries delayed",
                                "impact", "major",
                                "components", List.of("webhooks"),
                                "message", "We are investigating delayed webhook answers."))
                .bearer(token)
                .send()
                .json()
                .get("id")
                .asString();
        api.post(
                        "/api/v1/admin/incidents/" + id + "/updates",
                        Map.of("status", "identified", "message", "A full disk on one node; freeing space."))
                .bearer(token)
                .send();

        browser.go("/status");

        assertThat(browser.title()).isEqualTo("Levqor status");
        assertThat(browser.one("#overall").getText()).isEqualTo("Some systems are down");
        assertThat(browser.one("#component-api").getText()).contains("API", "Operational");
        assertThat(browser.one("#component-webhooks").getText()).contains("Webhooks", "Outage");
        assertThat(browser.one("#component-workers").getText()).contains("Workers");
        assertThat(browser.one("#component-scheduler").getText()).contains("Scheduler");
        assertThat(browser.one("#component-database").getText()).contains("Database");
        assertThat(browser.all("#component-api .bars span")).hasSize(90);
        String incident = browser.one("#incident-" + id).getText();
        assertThat(incident)
                .contains("Webhook deliveries delayed", "Major impact", "webhooks")
                .contains("A full disk on one node; freeing space.", "We are investigating delayed webhook answers.");
        // Newest first.
        assertThat(incident.indexOf("freeing space")).isLessThan(incident.indexOf("We are investigating"));
        // Nothing on the page needs JavaScript: there is no script, and its CSP would run none.
        assertThat(browser.all("script")).isEmpty();
        browser.screenshot("status-page");
        browser.phone();
        browser.screenshot("status-page-phone");

        var page = api.get("/status").send();
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.header("Content-Security-Policy"))
                .startsWith("default-src 'none'")
                .doesNotContain("script-src");
        assertThat(page.body()).doesNotContain("<script").contains("Past incidents");
    }
}
