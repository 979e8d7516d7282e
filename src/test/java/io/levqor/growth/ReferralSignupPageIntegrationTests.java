package io.levqor.growth;

import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.support.HttpApi;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.support.TestAccounts;
import io.levqor.support.TestAccounts.Account;
import io.levqor.support.browser.Browser;
import io.levqor.support.browser.BrowserExtension;
import java.net.URI;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@LevqorIntegrationTest
@ExtendWith(BrowserExtension.class)
class ReferralSignupPageIntegrationTests {

    @Autowired
    HttpApi api;

    @Autowired
    TestAccounts accounts;

    @Autowired
    JdbcClient jdbc;

    @Test
    void theReferralLinkOpensASignupThatCarriesTheCode(Browser browser) {
        Account referrer = accounts.signUp();
        var link = URI.create(api.get("/api/v1/referrals")
                .bearer(referrer.accessToken())
                .send()
                .json()
                .get("link")
                .asString());
        String code = link.getQuery().substring("ref=".length());

        browser.go(link.getPath() + "?" + link.getQuery());
        assertThat(browser.text()).contains("Invited with code " + code);
        browser.fill("Name", "Referred")
                .fill("E-mail", TestAccounts.uniqueEmail())
                .fill("Password", TestAccounts.PASSWORD);
        browser.screenshot("signup-with-referral");
        browser.press("Sign up").waitForPath("/console/workflows");

        assertThat(jdbc.sql("SELECT count(*) FROM referral WHERE tenant_id = :tenant AND referrer_user_id = :user")
                        .param("tenant", UUID.fromString(referrer.workspaceId()))
                        .param("user", UUID.fromString(referrer.userId()))
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void aRefThatCannotBeACodeIsDropped() {
        var page = api.get("/signup?ref=%3Cb%3Ex%3C%2Fb%3E").send();

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).doesNotContain("name=\"ref\"").doesNotContain("<b>x</b>");
        assertThat(api.get("/signup?ref=ABCD2345").send().body())
                .contains("name=\"ref\"")
                .contains("value=\"ABCD2345\"");
    }
}
