package io.levqor.mail.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import io.levqor.mail.DevMailbox;
import io.levqor.mail.jdbc.MailOutbox;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * The development mailbox is served only when asked for and without SMTP; otherwise its paths are 404 to everyone.
 * (The packaged jar's default is checked by PackagedJarProcessTests; the test context turns the mailbox on.)
 */
class DevMailboxTests {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withBean(MailOutbox.class, () -> mock(MailOutbox.class))
            .withUserConfiguration(DevMailbox.class, DevMailboxController.class, DevMailboxGate.class);

    @Test
    void offByDefault() {
        context.run(app -> {
            assertThat(app.getBean(DevMailbox.class).enabled()).isFalse();
            assertThat(app).doesNotHaveBean(DevMailboxController.class).hasSingleBean(DevMailboxGate.class);
        });
    }

    @Test
    void onWhenAskedForWithoutSmtp() {
        context.withPropertyValues("levqor.mail.dev-mailbox=true").run(app -> {
            assertThat(app.getBean(DevMailbox.class).enabled()).isTrue();
            assertThat(app).hasSingleBean(DevMailboxController.class).doesNotHaveBean(DevMailboxGate.class);
        });
    }

    @Test
    void neverWhileSmtpIsConfigured() {
        context.withPropertyValues("levqor.mail.dev-mailbox=true", "levqor.mail.smtp.host=smtp.example.com")
                .run(app -> {
                    assertThat(app.getBean(DevMailbox.class).enabled()).isFalse();
                    assertThat(app).doesNotHaveBean(DevMailboxController.class).hasSingleBean(DevMailboxGate.class);
                });
    }

    @Test
    void theGateAnswers404OnTheMailboxPathsOnly() throws Exception {
        DevMailboxGate gate = new DevMailboxGate();
        for (String path : new String[] {"/api/v1/dev/mailbox", "/console/mailbox", "/console/mailbox/"}) {
            MockHttpServletResponse response = new MockHttpServletResponse();
            MockFilterChain chain = new MockFilterChain();
            gate.doFilter(new MockHttpServletRequest("GET", path), response, chain);
            assertThat(response.getStatus()).as(path).isEqualTo(404);
            assertThat(chain.getRequest()).as(path).isNull();
        }
        MockFilterChain passed = new MockFilterChain();
        gate.doFilter(new MockHttpServletRequest("GET", "/console/workflows"), new MockHttpServletResponse(), passed);
        assertThat(passed.getRequest()).isNotNull();
    }
}
