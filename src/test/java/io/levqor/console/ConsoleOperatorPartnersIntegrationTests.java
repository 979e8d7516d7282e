package io.levqor.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.billing.PaymentWebhooks;
import io.levqor.growth.ReferralFixtures;
import io.levqor.identity.internal.OperatorBootstrap;
import io.levqor.shared.WorkspaceId;
import io.levqor.support.HttpApi;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.support.MutableClock;
import io.levqor.support.TestAccounts;
import io.levqor.support.TestAccounts.Account;
import io.levqor.support.browser.Browser;
import io.levqor.support.browser.BrowserExtension;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@LevqorIntegrationTest
@ExtendWith(BrowserExtension.class)
class ConsoleOperatorPartnersIntegrationTests {

    @Autowired
    HttpApi api;

    @Autowired
    TestAccounts accounts;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MutableClock clock;

    @Autowired
    OperatorBootstrap operators;

    @Autowired
    io.levqor.growth.internal.CampaignSender campaignSender;

    @AfterEach
    void noOperator() {
        operators.apply("");
    }

    @Test
    void theOperatorCountsACampaignsAudienceBeforeCreatingItAndWatchesItsProgressAndResults(Browser browser) {
        Account operator = accounts.signUp();
        operators.apply(operator.email());
        accounts.signUp();
        browser.logIn(operator.email(), operator.password());
        browser.go("/console/operator").waitForText("Operator");
        browser.click("a[href='/console/operator/campaigns']").waitForPath("/console/operator/campaigns");
        browser.fill("Name", "Welcome back");
        browser.fill("Subject (e-mail) or title (push)", "Hello {{firstName}}");
        browser.setValue("Message ({{name}}, {{firstName | fallback}} are replaced per person)", "We missed you.");
        browser.press("Count audience").waitForText("The audience holds 2 people on this channel now; 0 of them");
        assertThat(browser.field("Name").getDomProperty("value")).isEqualTo("Welcome back");
        browser.press("Create campaign").waitForText("Campaign Welcome back created for 2 people.");
        assertThat(browser.one("#campaign-audience").getText()).contains("2 people");

        campaignSender.run(io.levqor.shared.Ids.newId());
        browser.waitForText("2 / 2 (100 %)"); // the polled progress, without a reload
        assertThat(browser.one("#campaign-status").getText()).isEqualTo("sent");
        assertThat(browser.one("#result-sent").getText()).contains("2");
        assertThat(browser.one("#campaign-progress").getDomProperty("value")).isEqualTo("100");
        assertThat(browser.all("#campaign-recipients tbody tr")).hasSize(2);
    }

    @Test
    void theOperatorSeesEveryPartnerWithTotalsAndApprovesOrRejectsOnce(Browser browser) {
        JsonNode first = apply("https://first.example");
        JsonNode second = apply("https://second.example");
        String firstId = first.get("id").asString();
        String secondId = second.get("id").asString();
        String code = first.get("code").asString();

        Account operator = accounts.signUp();
        operators.apply(operator.email());
        browser.logIn(operator.email(), operator.password());
        browser.go("/console/operator").waitForText("Operator");
        assertThat(browser.all("a[href='/console/operator/partners']")).hasSize(1);
        browser.click("a[href='/console/operator/partners']").waitForPath("/console/operator/partners");
        browser.waitForText("https://first.example");
        assertThat(browser.one("#partner-" + firstId).getText()).contains(code).contains("none yet");

        browser.click("#partner-" + firstId + " form[action$='/approve'] button")
                .waitForText("Partner " + code + " approved.");
        assertThat(browser.one("#partner-" + firstId).getText()).contains("approved");
        assertThat(browser.all("#partner-" + firstId + " button")).isEmpty();

        // a decision from a page left open: said on the page, nothing changes
        postForm(browser, "/console/operator/partners/" + firstId + "/reject");
        browser.waitForText("Not rejected:");
        assertThat(browser.one("#partner-" + firstId).getText()).contains("approved");
        postForm(browser, "/console/operator/partners/" + secondId + "/reject");
        browser.waitForText("Partner " + second.get("code").asString() + " rejected.");
        assertThat(browser.one("#partner-" + secondId).getText()).contains("rejected");

        // a customer of the approved partner pays: the commission shows, pending in its hold
        var signup = api.post(
                        "/api/v1/auth/signup",
                        Map.of(
                                "email",
                                TestAccounts.uniqueEmail(),
                                "password",
                                TestAccounts.PASSWORD,
                                "referralCode",
                                code))
                .send();
        var customer =
                new WorkspaceId(UUID.fromString(signup.json().get("workspaceId").asString()));
        var webhooks = new PaymentWebhooks(api, clock);
        long t = clock.instant().getEpochSecond();
        webhooks.stripeCheckout(customer, "sub_console_op_partner", t);
        webhooks.stripeInvoicePaid(
                "evt_console_op_partner", customer, "sub_console_op_partner", "in_cop", 1900, "usd", t);
        ReferralFixtures.await(() -> jdbc.sql("SELECT count(*) FROM commission_line WHERE customer_id = :c")
                        .param("c", customer.value())
                        .query(Long.class)
                        .single()
                == 1);
        browser.go("/console/operator/partners").waitForText("https://first.example");
        assertThat(browser.one("#commission-" + firstId + "-USD").getText())
                .isEqualTo("USD: pending 380, payable 0, paid 0");
        assertThat(browser.one("#partner-" + firstId).getText())
                .contains("1 signups, 1 paying")
                .contains("0 (0 pending)");
        PageChecks.labelledAndFitsAPhone(browser, "console-operator-partners");
    }

    @Test
    void everyoneButTheOperatorGetsA404(Browser browser) {
        Account user = accounts.signUp();
        browser.logIn(user.email(), user.password());
        browser.go("/console/operator/partners").waitForText("404");
        postForm(browser, "/console/operator/partners/" + UUID.randomUUID() + "/approve");
        browser.waitForText("404");
    }

    private JsonNode apply(String website) {
        Account account = accounts.signUp();
        return api.post("/api/v1/partners", Map.of("website", website))
                .bearer(account.accessToken())
                .send()
                .json();
    }

    // Submits a POST form with the page's CSRF token, as a stale page or a hand-made request would.
    private static void postForm(Browser browser, String action) {
        browser.script("""
                var form = document.createElement('form');
                form.method = 'post';
                form.action = arguments[0];
                var token = document.createElement('input');
                token.type = 'hidden';
                token.name = '_csrf';
                token.value = arguments[1];
                form.appendChild(token);
                document.body.appendChild(form);
                form.submit();
                """, action, browser.csrfToken());
    }
}
