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
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@LevqorIntegrationTest
@ExtendWith(BrowserExtension.class)
class ConsolePartnerIntegrationTests {

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

    @AfterEach
    void noOperator() {
        operators.apply("");
    }

    @Test
    void aUserAppliesAndOnceApprovedSeesTheLinkTheCustomersMoneyAndTheStatement(Browser browser) {
        Account user = accounts.signUp();
        browser.logIn(user.email(), user.password());
        browser.go("/console").press("Partner").waitForText("Where you will promote Levqor");
        browser.fill("Where you will promote Levqor (optional)", "https://blog.example");
        browser.press("Apply").waitForText("Application sent");
        assertThat(browser.one("#partner-status").getText()).contains("pending").contains("20.0 %");
        assertThat(browser.all("#partner-link")).isEmpty();

        var me =
                api.get("/api/v1/partners/me").bearer(user.accessToken()).send().json();
        String code = me.get("code").asString();
        Account operator = accounts.signUp();
        operators.apply(operator.email());
        String token = api.post(
                        "/api/v1/auth/login", Map.of("email", operator.email(), "password", operator.password()))
                .send()
                .json()
                .get("accessToken")
                .asString();
        assertThat(api.post("/api/v1/admin/partners/" + me.get("id").asString() + "/approve", Map.of())
                        .bearer(token)
                        .send()
                        .status())
                .isEqualTo(200);

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
        webhooks.stripeCheckout(customer, "sub_console_partner", t);
        webhooks.stripeInvoicePaid("evt_console_partner", customer, "sub_console_partner", "in_cp", 1900, "usd", t);
        ReferralFixtures.await(() -> jdbc.sql("SELECT count(*) FROM commission_line WHERE customer_id = :c")
                        .param("c", customer.value())
                        .query(Long.class)
                        .single()
                == 1);

        browser.go("/console/partner").waitForText("Your link");
        assertThat(browser.one("#partner-code").getText()).isEqualTo(code);
        assertThat(browser.one("#partner-link").getDomProperty("value")).endsWith("/p/" + code);
        assertThat(browser.one("#count-signups").getText()).isEqualTo("1");
        assertThat(browser.one("#count-paying").getText()).isEqualTo("1");
        assertThat(browser.one("#balance-USD").getText()).contains("1900").contains("380");
        assertThat(browser.one("#partner-customers").getText())
                .containsPattern("cus_[0-9a-f]{12}")
                .doesNotContain(customer.toString());

        String month = YearMonth.from(clock.instant().atZone(ZoneOffset.UTC)).toString();
        var csv = api.get("/console/partner/statements/" + month + ".csv")
                .header("Cookie", "LEVQOR_SESSION=" + browser.cookie("LEVQOR_SESSION"))
                .send();
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.body())
                .startsWith("date,kind,customer")
                .contains(",earned,")
                .contains(",380,USD,");
        PageChecks.labelledAndFitsAPhone(browser, "console-partner");
    }
}
