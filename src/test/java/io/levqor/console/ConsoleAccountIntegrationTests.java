package io.levqor.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.support.HttpApi;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.support.browser.Browser;
import io.levqor.support.browser.BrowserExtension;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;

@LevqorIntegrationTest
@ExtendWith(BrowserExtension.class)
class ConsoleAccountIntegrationTests {

    static final String PASSWORD = "correct horse battery";

    @Autowired
    HttpApi api;

    @Test
    void aVisitorSignsUpVerifiesTheAddressFromTheMailboxLogsOutAndBackIn(Browser browser) {
        browser.go("/console").press("Create an account");
        browser.fill("Name", "Ada").fill("E-mail", "ada@example.com").fill("Password", PASSWORD);
        browser.screenshot("signup");
        browser.press("Sign up").waitForPath("/console/workflows");
        assertThat(browser.text()).contains("We sent a link to ada@example.com", "ada@example.com");

        browser.go("/console/mailbox").waitForText("Confirm your e-mail address for Levqor");
        browser.screenshot("dev-mailbox");
        browser.click("article.mail a[href*='/verify-email']");
        browser.waitForText("E-mail address confirmed");

        browser.go("/console/workflows").press("Log out").waitForPath("/login");
        assertThat(browser.text()).contains("You are logged out.");
        browser.go("/console/workflows").waitForPath("/login");

        browser.fill("E-mail", "ada@example.com").fill("Password", PASSWORD);
        browser.press("Log in").waitForPath("/console/workflows");
        assertThat(browser.text()).contains("Workflows", "Ada's workspace (owner)");
    }

    @Test
    void aWrongPasswordIsRefusedWithoutSayingWhetherTheAddressExists(Browser browser) {
        signUp("grace@example.com");

        browser.go("/login").fill("E-mail", "grace@example.com").fill("Password", "not the password");
        browser.press("Log in").waitForText("Log in");
        String wrongPassword = browser.one("[role=alert]").getText();
        browser.go("/login").fill("E-mail", "nobody@example.com").fill("Password", "not the password");
        browser.press("Log in").waitForText("Log in");

        assertThat(browser.path()).startsWith("/login");
        assertThat(browser.one("[role=alert]").getText()).isEqualTo(wrongPassword);
    }

    @Test
    void aForgottenPasswordIsResetThroughTheMailedLink(Browser browser) {
        signUp("linus@example.com");

        browser.go("/forgot-password").fill("E-mail", "linus@example.com").press("Send the link");
        browser.waitForText("we sent it a link");
        browser.go("/console/mailbox?to=linus@example.com").waitForText("Reset your Levqor password");
        browser.click("article.mail a[href*='/reset-password']");
        browser.fill("New password", "a brand new password").press("Save the password");
        browser.waitForPath("/login").fill("E-mail", "linus@example.com").fill("Password", "a brand new password");
        browser.press("Log in").waitForPath("/console/workflows");
    }

    @Test
    void theSessionCookieIsHttpOnlyAndSameSiteLaxAndFormsWithoutTheCsrfTokenAreRefused() {
        var login = api.get("/login").send();
        String cookie = login.header("Set-Cookie");

        assertThat(cookie).contains("LEVQOR_SESSION=", "HttpOnly", "SameSite=Lax");
        assertThat(login.body()).contains("name=\"_csrf\"");

        String session = cookie.substring(0, cookie.indexOf(';'));
        var forged = api.post("/login", "email=a%40b.c&password=whatever")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", session)
                .send();
        assertThat(forged.status()).isEqualTo(403);
    }

    @Test
    void pagesNeedASessionAndSendVisitorsToTheLoginPage() {
        var page = api.get("/console/workflows").send();

        assertThat(page.status()).isEqualTo(302);
        assertThat(page.header("Location")).endsWith("/login");
    }

    void signUp(String email) {
        var answer = api.post("/api/v1/auth/signup", Map.of("email", email, "password", PASSWORD))
                .send();
        assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
    }
}
