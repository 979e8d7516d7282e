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

/** The twelve bugs of issue 17 ("Console II"), each with the test that failed before its fix. */
@LevqorIntegrationTest
@ExtendWith(BrowserExtension.class)
class ConsoleBugsIntegrationTests {

    static final String PASSWORD = "correct horse battery";

    @Autowired
    HttpApi api;

    @Test
    void bug1SignUpAndPasswordResetKeepTheApisPasswordRules(Browser browser) {
        browser.go("/signup").fill("E-mail", "shorty@example.com").fill("Password", "short");
        browser.press("Sign up").waitForText("Create your account");

        assertThat(browser.path()).startsWith("/signup");
        assertThat(browser.text()).contains("must be at least 10 characters");
        assertThat(api.post("/api/v1/auth/login", Map.of("email", "shorty@example.com", "password", "short"))
                        .send()
                        .status())
                .as("no account was made")
                .isEqualTo(401);

        signUp("reset@example.com");
        browser.go("/forgot-password").fill("E-mail", "reset@example.com").press("Send the link");
        browser.waitForText("we sent it a link");
        browser.go("/console/mailbox?to=reset@example.com").waitForText("Reset your Levqor password");
        browser.click("article.mail a[href*='/reset-password']");
        browser.fill("New password", "x").press("Save the password");
        browser.waitForText("must be at least 10 characters");
        assertThat(browser.path()).startsWith("/reset-password");
        browser.screenshot("bug1-reset-refused");
    }

    @Test
    void bug2ACraftedSignUpWithoutAnAtSignIsAFieldErrorNotA500(Browser browser) {
        browser.go("/signup");
        // The browser's own e-mail check would stop a person; a crafted request does not have it.
        browser.script("document.getElementById('email').type = 'text'");
        browser.fill("E-mail", "not-an-address").fill("Password", PASSWORD);
        browser.press("Sign up").waitForText("Create your account");

        assertThat(browser.text()).contains("must be an e-mail address").doesNotContain("Internal");
        assertThat(browser.one("#email").getDomAttribute("aria-invalid")).isEqualTo("true");
        browser.screenshot("bug2-signup-bad-email");
    }

    void signUp(String email) {
        var answer = api.post("/api/v1/auth/signup", Map.of("email", email, "password", PASSWORD))
                .send();
        assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
    }
}
