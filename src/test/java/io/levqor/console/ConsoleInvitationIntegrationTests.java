package io.levqor.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.support.LevqorIntegrationTest;
import io.levqor.support.TestAccounts;
import io.levqor.support.browser.Browser;
import io.levqor.support.browser.BrowserExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;

/** The invitation e-mail's link, followed from the development mailbox, by a new visitor and by an existing user. */
@LevqorIntegrationTest
@ExtendWith(BrowserExtension.class)
class ConsoleInvitationIntegrationTests {

    @Autowired
    TestAccounts accounts;

    @Test
    void aNewVisitorFollowsTheLinkSignsUpAndJoinsWithTheInvitedRole(Browser browser) {
        var owner = accounts.signUp();
        invite(browser, owner, "grace@example.com", "manager");

        openInvitationLink(browser, "grace@example.com");
        browser.waitForText("Join a workspace").press("Create an account");
        browser.waitForPath("/signup").fill("Name", "Grace").fill("E-mail", "grace@example.com");
        browser.fill("Password", "correct horse battery").press("Sign up");
        browser.waitForPath("/invitations/accept").waitForText("You are logged in as grace@example.com");
        browser.screenshot("invitation-accept");
        PageChecks.labelledAndFitsAPhone(browser, "invitation-accept-phone");
        browser.press("Accept the invitation").waitForText("You joined Test User's workspace as manager.");

        assertThat(browser.path()).startsWith("/console/workflows");
        assertThat(browser.one("#workspace-switcher option:checked").getText())
                .isEqualTo("Test User's workspace (manager)");
        assertThat(browser.hasButton("New workflow")).isTrue();
    }

    @Test
    void anExistingUserLogsInFromTheLinkAndJoins(Browser browser) {
        var owner = accounts.signUp();
        var existing = accounts.signUp();
        invite(browser, owner, existing.email(), "viewer");

        openInvitationLink(browser, existing.email());
        browser.waitForText("Join a workspace").clickable("Log in").click();
        browser.waitForPath("/login").fill("E-mail", existing.email()).fill("Password", existing.password());
        browser.press("Log in").waitForPath("/invitations/accept");
        browser.press("Accept the invitation").waitForText("as viewer.");

        assertThat(browser.one("#workspace-switcher option:checked").getText())
                .isEqualTo("Test User's workspace (viewer)");
        assertThat(browser.hasButton("New workflow")).isFalse();
    }

    @Test
    void anInvitationForAnotherAddressIsRefusedOnThePage(Browser browser) {
        var owner = accounts.signUp();
        var someoneElse = accounts.signUp();
        invite(browser, owner, "invited@example.com", "user");

        browser.logIn(someoneElse.email(), someoneElse.password());
        openInvitationLink(browser, "invited@example.com");
        browser.press("Accept the invitation").waitForText("is for another e-mail address");
        assertThat(browser.all("#workspace-switcher option")).hasSize(1);
    }

    private static void invite(Browser browser, TestAccounts.Account owner, String email, String role) {
        browser.logIn(owner.email(), owner.password());
        browser.go("/console/members").fill("E-mail", email).select("Role", role);
        browser.press("Send invitation").waitForText("Invitation sent to " + email + ".");
        browser.press("Log out").waitForPath("/login");
    }

    private static void openInvitationLink(Browser browser, String email) {
        browser.go("/console/mailbox?to=" + email).waitForText("You are invited to");
        browser.click("article.mail a[href*='/invitations/accept']");
    }
}
