package io.levqor.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.billing.Credits;
import io.levqor.growth.ReferralFixtures;
import io.levqor.growth.ReferralFixtures.Row;
import io.levqor.growth.ReferralFixtures.Signed;
import io.levqor.identity.internal.OperatorBootstrap;
import io.levqor.shared.WorkspaceId;
import io.levqor.support.HttpApi;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.support.TestAccounts;
import io.levqor.support.TestAccounts.Account;
import io.levqor.support.browser.Browser;
import io.levqor.support.browser.BrowserExtension;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

@LevqorIntegrationTest
@ExtendWith(BrowserExtension.class)
class ConsoleReferralsIntegrationTests {

    @Autowired
    HttpApi api;

    @Autowired
    TestAccounts accounts;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Environment environment;

    @Autowired
    OperatorBootstrap operators;

    @Autowired
    Credits credits;

    ReferralFixtures fixtures;

    @BeforeEach
    void fixtures() {
        fixtures = new ReferralFixtures(api, accounts, jdbc, environment);
    }

    @AfterEach
    void noOperator() {
        operators.apply("");
    }

    @Test
    void aUserSeesTheirCodeAndLinkAndTheCountsMoveWhenAReferredSignupVerifies(Browser browser) {
        Account referrer = accounts.signUp();
        browser.logIn(referrer.email(), referrer.password());
        browser.go("/console").press("Referrals").waitForText("Your link");

        String code = browser.one("#referral-code").getText();
        assertThat(code).matches("[A-Z2-9]{8}");
        assertThat(browser.one("#referral-link").getDomProperty("value")).endsWith("/signup?ref=" + code);
        assertThat(browser.one("#referral-link").getDomAttribute("readonly")).isNotNull();
        assertThat(browser.one("#reward-terms").getText()).contains("this workspace gets 20 credits");
        assertThat(counts(browser)).containsExactly("0", "0", "0", "0");

        // The referred person signs up from an address of their own (the referrer was seen at 127.0.0.1).
        Signed waiting = fixtures.signUpFrom("203.0.113.60", TestAccounts.uniqueEmail(), code);
        Signed verified = fixtures.signUpFrom("203.0.113.61", TestAccounts.uniqueEmail(), code);
        fixtures.verify(verified.email());
        assertThat(fixtures.decided(verified).status()).isEqualTo("rewarded");

        browser.go("/console/referrals").waitForText("Your link");
        assertThat(counts(browser)).containsExactly("2", "1", "1", "0");
        assertThat(fixtures.row(waiting).status()).isEqualTo("pending");
        browser.screenshot("referrals");
        PageChecks.labelledAndFitsAPhone(browser, "referrals-phone");
    }

    @Test
    void theOperatorApprovesAFlaggedReferralAndTheReferrerIsCreditedOnce(Browser browser) {
        Account referrer = accounts.signUp();
        String code = fixtures.codeOf(referrer.accessToken());
        Signed held = fixtures.signUpFrom("203.0.113.62", ReferralFixtures.uniqueLocal() + "@mailinator.com", code);
        fixtures.verify(held.email());
        Row row = fixtures.decided(held);
        assertThat(row.status()).isEqualTo("flagged");
        WorkspaceId workspace = new WorkspaceId(UUID.fromString(referrer.workspaceId()));
        long before = credits.balance(workspace);
        var operator = accounts.signUp();
        operators.apply(operator.email());

        browser.logIn(operator.email(), operator.password());
        browser.go("/console/operator").press("Referral review").waitForText("Referral review");
        assertThat(browser.one("#referral-" + row.id()).getText())
                .contains("disposable-email", "@mailinator.com", referrer.userId(), held.userId());
        browser.screenshot("operator-referrals");
        PageChecks.labelledAndFitsAPhone(browser, "operator-referrals-phone");

        browser.press("Approve").waitForText("Referral " + row.id() + " approved.");
        assertThat(credits.balance(workspace)).isEqualTo(before + 20);
        assertThat(browser.text()).contains("No flagged referrals.");
        browser.go("/console/operator/referrals?status=rewarded").waitForText("Referral review");
        assertThat(browser.one("#referral-" + row.id()).getText()).contains("rewarded");

        // A second approval, as from a page left open: refused with the referral's state, and no second grant.
        postForm(browser, "/console/operator/referrals/" + row.id() + "/approve");
        browser.waitForText("Not approved: Referral " + row.id() + " is rewarded");
        assertThat(credits.balance(workspace)).isEqualTo(before + 20);
        assertThat(fixtures.ledgerLines(referrer.workspaceId(), "referral:" + row.id()))
                .isEqualTo(1);
    }

    @Test
    void aUserWhoIsNotTheOperatorGetsA404AndNoLink(Browser browser) {
        var operator = accounts.signUp();
        var user = accounts.signUp();
        operators.apply(operator.email());

        browser.logIn(user.email(), user.password());
        browser.go("/console/operator/referrals").waitForText("404");
        browser.go("/console").waitForText("Referrals");
        assertThat(browser.all("a[href^='/console/operator']")).isEmpty();
        postForm(browser, "/console/operator/referrals/" + UUID.randomUUID() + "/approve");
        browser.waitForText("404");
    }

    private static java.util.List<String> counts(Browser browser) {
        return java.util.stream.Stream.of("invited", "rewarded", "pending", "flagged")
                .map(name -> browser.one("#count-" + name).getText())
                .toList();
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
