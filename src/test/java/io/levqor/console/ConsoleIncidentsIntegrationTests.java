package io.levqor.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.growth.MailCategory;
import io.levqor.growth.MailPreferences;
import io.levqor.growth.internal.MarketingMail;
import io.levqor.identity.internal.OperatorBootstrap;
import io.levqor.ops.Incidents;
import io.levqor.support.HttpApi;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.support.TestAccounts;
import io.levqor.support.TestDatabase;
import io.levqor.support.browser.Browser;
import io.levqor.support.browser.BrowserExtension;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@LevqorIntegrationTest
@ExtendWith(BrowserExtension.class)
class ConsoleIncidentsIntegrationTests {

    @Autowired
    TestAccounts accounts;

    @Autowired
    OperatorBootstrap operators;

    @Autowired
    Incidents incidents;

    @Autowired
    MarketingMail marketing;

    @Autowired
    MailPreferences preferences;

    @Autowired
    HttpApi api;

    @AfterEach
    void noOperator() {
        operators.apply("");
    }

    @Test
    void theOperatorOpensUpdatesAndResolvesAnIncidentFromTheConsole(Browser browser) {
        var operator = accounts.signUp();
        operators.apply(operator.email());

        browser.logIn(operator.email(), operator.password());
        browser.go("/console/operator").press("Incidents").waitForText("No open incidents.");
        browser.fill("Title", "Scheduler stalled").fill("First update", "Cron runs are late.");
        browser.press("Open incident").waitForText("Not opened: components");
        browser.fill("Title", "Scheduler stalled")
                .select("Impact", "major")
                .fill("First update", "Cron runs are late.");
        browser.click("input[name=components][value=scheduler]");
        browser.press("Open incident").waitForText("Incident “Scheduler stalled” opened");

        var open = incidents.list("open", 10);
        assertThat(open).hasSize(1);
        String id = open.getFirst().id().toString();
        assertThat(open.getFirst().components()).containsExactly("scheduler");
        assertThat(browser.one("#incident-" + id).getText()).contains("Scheduler stalled", "Cron runs are late.");

        browser.select("Status", "identified").fill("Update", "A stuck lock; released.");
        browser.press("Post update").waitForText("Update posted to “Scheduler stalled”.");
        assertThat(browser.one("#incident-" + id).getText()).contains("A stuck lock; released.");
        browser.screenshot("operator-incidents");
        PageChecks.labelledAndFitsAPhone(browser, "operator-incidents-phone");

        browser.desktop();
        browser.select("Status", "resolved").fill("Update", "Schedules fire on time again.");
        browser.press("Post update").waitForText("“Scheduler stalled” resolved.");
        assertThat(incidents.get(open.getFirst().id()).open()).isFalse();
        assertThat(browser.one("#resolved").getText()).contains("Scheduler stalled");
        assertThat(browser.text()).contains("No open incidents.");
    }

    @Test
    void aNormalUserGetsA404(Browser browser) {
        var operator = accounts.signUp();
        var user = accounts.signUp();
        operators.apply(operator.email());

        browser.logIn(user.email(), user.password());
        browser.go("/console/operator/incidents").waitForText("404");
    }

    // Growth's pages share this class's operator set-up: the public preference page behind an unsubscribe link, then
    // the operator answering and closing a support ticket in the inbox.
    @Test
    void aPersonChangesTheirMailPreferencesWithoutSigningInAndTheOperatorAnswersATicket(Browser browser) {
        String address = TestAccounts.uniqueEmail();
        var mail = marketing
                .send(address, "Tip", "<p>Tip</p>", "Tip", MailCategory.TIPS, null)
                .orElseThrow();
        String headers = JdbcClient.create(TestDatabase.dataSource())
                .sql("SELECT headers FROM mail_outbox WHERE id = :id")
                .param("id", mail.value())
                .query(String.class)
                .single();
        String token = headers.replaceAll("(?s).*List-Unsubscribe: <https?://[^>]*/u/([^>]+)>.*", "$1");

        browser.go("/u/" + token).waitForText("E-mail preferences").waitForText(address);
        browser.click("#category-marketing").press("Save preferences").waitForText("Your preferences are saved.");
        assertThat(preferences.of(address).subscribed())
                .containsExactlyInAnyOrder(MailCategory.PRODUCT_UPDATES, MailCategory.TIPS);
        browser.screenshot("mail-preferences");

        var asked = api.post(
                        "/api/v1/support/messages",
                        Map.of("email", address, "subject", "Webhook returns 401", "message", "Since this morning."))
                .send();
        assertThat(asked.status()).as(asked.toString()).isEqualTo(201);
        var operator = accounts.signUp();
        operators.apply(operator.email());
        browser.logIn(operator.email(), operator.password());
        browser.go("/console/operator").press("Support inbox").waitForText("Webhook returns 401");
        browser.press("Webhook returns 401").waitForText("Since this morning.");
        browser.fill("Reply by e-mail", "Rotate the webhook token, then retry.")
                .press("Send reply")
                .waitForText("Reply sent.")
                .waitForText("Rotate the webhook token");
        browser.screenshot("support-ticket");
        browser.press("Close ticket").waitForText("Ticket closed.").waitForText("No open tickets.");
        assertThat(api.get("/api/v1/dev/mailbox?to=" + address).send().body())
                .contains("Re: Webhook returns 401")
                .contains("Rotate the webhook token");

        // The other messaging pages render: sequences with a preview, the suppression list (the address that left),
        // feedback, and the user's own notification preferences.
        browser.go("/console/operator/lifecycle").waitForText("nudge-daily-cap");
        browser.go("/console/operator/lifecycle/day-7")
                .waitForText("What a paid plan adds")
                .waitForText("Preview");
        browser.go("/console/operator/suppressions").waitForText("Suppression list");
        browser.go("/console/operator/feedback").waitForText("No feedback yet.");
        browser.go("/console/notifications").waitForText(operator.email());
    }
}
