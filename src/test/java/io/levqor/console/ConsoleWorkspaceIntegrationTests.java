package io.levqor.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.shared.Role;
import io.levqor.support.HttpApi;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.support.TestAccounts;
import io.levqor.support.browser.Browser;
import io.levqor.support.browser.BrowserExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;

@LevqorIntegrationTest
@ExtendWith(BrowserExtension.class)
class ConsoleWorkspaceIntegrationTests {

    @Autowired
    HttpApi api;

    @Autowired
    TestAccounts accounts;

    @Test
    void anOwnerManagesCredentialsApiKeysAndMembersAndReadsTheAuditLog(Browser browser) {
        var owner = accounts.signUp();
        browser.logIn(owner.email(), owner.password());

        browser.go("/console/credentials").fill("Name", "slack-bot").fill("token", "xoxb-very-secret-123");
        assertThat(browser.field("token").getDomAttribute("type")).isEqualTo("password");
        browser.press("Save credential").waitForText("Its secret data will not be shown again.");
        assertThat(browser.text()).contains("slack-bot", "bearer");
        assertThat(browser.driver().getPageSource()).doesNotContain("xoxb-very-secret-123");
        browser.screenshot("credentials");

        browser.go("/console/api-keys")
                .fill("Name", "CI")
                .select("Role", "user")
                .press("Create key");
        browser.waitForText("Copy it now");
        String key = browser.field("New API key").getDomProperty("value");
        assertThat(key).startsWith("lvq_");
        assertThat(browser.hasButton("Copy")).isTrue();
        browser.screenshot("api-key-created");
        assertThat(api.get("/api/v1/workflows").bearer(key).send().status()).isEqualTo(200);
        browser.go("/console/api-keys").waitForText("CI");
        assertThat(browser.driver().getPageSource()).doesNotContain(key);
        browser.pressAndConfirm("Revoke").waitForText("API key revoked.");
        assertThat(api.get("/api/v1/workflows").bearer(key).send().status()).isEqualTo(401);

        browser.go("/console/members").fill("E-mail", "newcomer@example.com").select("Role", "manager");
        browser.press("Send invitation").waitForText("Invitation sent to newcomer@example.com.");
        assertThat(browser.text()).contains("Pending invitations", "newcomer@example.com as manager");
        browser.screenshot("members");

        browser.go("/console/audit").waitForText("Audit log");
        assertThat(browser.text()).contains("login.succeeded", "invitation.created");
        browser.press("Verify the chain").waitForText("is intact.");
        browser.screenshot("audit-log");
    }

    @Test
    void theCredentialFormShowsTheTypesFieldsAndItsProblemsNextToThem(Browser browser) {
        var owner = accounts.signUp();
        browser.logIn(owner.email(), owner.password());

        browser.go("/console/credentials").select("Type", "slack");
        assertThat(browser.field("botToken").getDomAttribute("type")).isEqualTo("password");
        assertThat(browser.field("webhookUrl").getDomAttribute("type")).isEqualTo("password");
        browser.fill("Name", "alerts")
                .fill("webhookUrl", "not-a-url-but-secret")
                .press("Save credential");
        browser.waitForText("must be an absolute http(s) URL");
        assertThat(browser.one("#cred-slack-webhookUrl-error").getText()).isEqualTo("must be an absolute http(s) URL");
        assertThat(browser.field("webhookUrl").getDomAttribute("aria-invalid")).isEqualTo("true");
        assertThat(browser.field("Name").getDomProperty("value")).isEqualTo("alerts");
        assertThat(browser.driver().getPageSource()).doesNotContain("not-a-url-but-secret");
        browser.screenshot("credentials-invalid");
        PageChecks.labelledAndFitsAPhone(browser, "credentials-invalid-phone");

        browser.go("/console/credentials?type=smtp").fill("Name", "mailer");
        browser.fill("host", "smtp.example.com").fill("from", "bot@example.com").fill("port", "2525");
        browser.fill("password", "smtp-secret-pw").press("Save credential").waitForText("“mailer” saved.");
        assertThat(browser.text()).contains("mailer", "smtp");
        assertThat(browser.driver().getPageSource()).doesNotContain("smtp-secret-pw");
    }

    @Test
    void aViewerCannotOpenAdminPagesNorPostToThem(Browser browser) {
        var owner = accounts.signUp();
        var viewer = accounts.member(owner, Role.VIEWER);
        browser.logIn(viewer.email(), viewer.password());
        browser.switchWorkspace("Test User's workspace (viewer)");

        browser.go("/console/api-keys").waitForText("403");
        assertThat(browser.text()).contains("This needs the role admin or higher; you are viewer.");
        browser.go("/console/credentials").waitForText("Credentials");
        assertThat(browser.hasButton("Save credential")).isFalse();

        var forged = api.post("/console/credentials", "name=x&type=bearer&data=%7B%22token%22%3A%22t%22%7D")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", "LEVQOR_SESSION=" + browser.cookie("LEVQOR_SESSION"))
                .header("X-CSRF-TOKEN", browser.csrfToken())
                .send();
        assertThat(forged.status()).isEqualTo(403);
        assertThat(api.get("/api/v1/credentials")
                        .bearer(owner.accessToken())
                        .send()
                        .json()
                        .toString())
                .doesNotContain("\"x\"");
    }
}
